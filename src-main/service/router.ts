/**
 * The channel router every transport calls: parse the payload with the channel's schema,
 * look up the channel's policy, dispatch to its handler, record the call in the audit log,
 * and fail closed: no record, no result, and a change whose record cannot be written is
 * undone (audit/intent.ts). Errors leave as `{ ok: false, error }` values with KMS's exception names.
 */
import { CHANNEL_POLICY } from '../../src-shared/channel-policy.js';
import { ChannelSchemas, isChannel, type Channel, type ChannelResult, type ParsedRequestOf } from '../../src-shared/contract.js';
import { AuditWriteException, errorToWire, isKeywardError, UnknownOperationException } from '../../src-shared/kms/errors.js';
import { parseRequest, type PayloadEncoding } from '../../src-shared/validation.js';
import type { CallerContext } from '../platform/caller.js';
import { auditChannels } from './channels/audit.js';
import { consoleChannels } from './channels/console.js';
import { costChannels } from './channels/cost.js';
import { cryptoChannels } from './channels/crypto.js';
import { endpointChannels } from './channels/endpoint.js';
import { kmsChannels, kmsPreparers } from './channels/kms.js';
import { settingsChannels } from './channels/settings.js';
import { timeChannels } from './channels/time.js';
import { vaultChannels } from './channels/vault.js';
import type { KmsOperation } from '../../src-shared/kms/schemas.js';
import type { AuditIntent } from '../audit/intent.js';
import { createsOnFirstUse } from '../kms/aws-managed.js';
import type { ChangeScope, VaultSession } from './session.js';
import type { Handler, HandlerMap, Prepared, Preparer, PreparerMap, ServiceContext } from './handlers.js';
import type { Mutex } from './mutex.js';
import type { HandleFn } from './ports.js';
import type { AuditRecorder } from './recorder.js';

/**
 * Every channel group, listed once (compare HashiCorp Vault's transit backend.go listing its
 * path_*.go files). Typed by the whole channel set: a channel no group serves does not compile.
 */
export function channelHandlers(ctx: ServiceContext): HandlerMap<Channel> {
  return {
    ...kmsChannels(ctx),
    ...vaultChannels(ctx),
    ...settingsChannels(ctx),
    ...endpointChannels(ctx),
    ...auditChannels(ctx),
    ...timeChannels(ctx),
    ...costChannels(ctx),
    ...cryptoChannels(ctx),
    ...consoleChannels(ctx),
  };
}

/** The channels with long work to do before the mutex (key generation), by group. */
export function channelPreparers(ctx: ServiceContext): PreparerMap {
  return { ...kmsPreparers(ctx) };
}

/** A read that creates an AWS managed key on first use of its alias changes the vault too. */
function firstUse(session: VaultSession, channel: Channel, request: unknown): boolean {
  return channel.startsWith('kms:') && createsOnFirstUse(session.state, channel.slice(4) as KmsOperation, request); // a kms: channel names its operation
}

/** A call that ran while an earlier change was undone (its record could not be written). */
function staleCall(): AuditWriteException {
  return new AuditWriteException('An earlier change could not be recorded and was undone while this call ran, so this call was refused. Try it again.');
}

const NO_NOTES: string[] = [];

/** What the router is wired to. */
export interface RouterDeps {
  /** The wired service parts the channel groups use. */
  ctx: ServiceContext;
  recorder: AuditRecorder;
  /** Engine calls and the hand-off of their records run one at a time, in call order. */
  mutex: Mutex;
  /** True once the service is closing: every call is refused. */
  closed(): boolean;
}

/** The router's entry point. Never throws; unknown channels get UnknownOperationException, bad payloads ValidationException. */
export function createRouter(deps: RouterDeps): HandleFn {
  const { recorder, mutex } = deps;
  const { sessions, changes } = deps.ctx;
  const handlers = channelHandlers(deps.ctx);
  const preparers = channelPreparers(deps.ctx);

  function dispatch(channel: Channel, request: unknown, caller: CallerContext, prepared: Prepared | undefined): Promise<unknown> {
    const handler = handlers[channel] as Handler<Channel>; // the map holds Handler<C> at key C
    return handler(request as ParsedRequestOf<Channel>, caller, prepared); // parsed by ChannelSchemas[channel]
  }

  /**
   * A channel's long work (key generation), done before the mutex so no other call waits
   * for it. Prepares nothing when the payload does not parse (the call is then refused
   * under the mutex as before) or the work fails (the handler then does it itself).
   */
  async function prepare(channel: Channel, payload: unknown, caller: CallerContext, encoding: PayloadEncoding): Promise<Prepared | undefined> {
    const preparer = preparers[channel] as Preparer<Channel> | undefined; // the map holds Preparer<C> at key C
    if (!preparer) return undefined;
    try {
      return await preparer(parseRequest(ChannelSchemas[channel], payload, encoding) as ParsedRequestOf<Channel>, caller); // parsed by the channel's schema
    } catch {
      return undefined;
    }
  }

  return async function handle(channel: string, payload: unknown, caller: CallerContext, encoding: PayloadEncoding = 'structured'): Promise<ChannelResult> {
    if (deps.closed()) return { ok: false, error: { name: 'KMSInternalException', message: 'Keyward is shutting down.' } };
    if (!isChannel(channel)) {
      return { ok: false, error: errorToWire(new UnknownOperationException(`Unknown operation '${String(channel).slice(0, 64)}'.`)) };
    }
    const policy = CHANNEL_POLICY[channel];
    const prepared = await prepare(channel, payload, caller, encoding);
    // Under the mutex: parse, run the engine, and hand the record (with the change's intent,
    // audit/intent.ts) to the audit writer, which fixes its place in the chain. No vault or
    // audit fsync happens here: waiting for the record happens outside, so other calls run
    // and concurrent records share writes. The result is released only once its record is
    // written; a change whose record is not written is undone before anyone can see it.
    // A walk of the audit chain (policy.outsideLock) reads only the log and changes nothing:
    // it runs beside the mutex and opens no change scope.
    const inLock = policy.outsideLock !== true;
    const run = async () => {
      let request: unknown = payload;
      let value: unknown;
      let failure: unknown;
      const session = sessions.current;
      const aborts = session?.aborts;
      if (inLock) changes.begin();
      let scope: ChangeScope | undefined;
      try {
        request = parseRequest(ChannelSchemas[channel], payload, encoding);
        if (inLock && session && (policy.changesVault || firstUse(session, channel, request))) scope = session.beginChange();
        if (policy.activity) sessions.armIdleLock();
        value = await dispatch(channel, request, caller, prepared);
      } catch (e) {
        failure = e;
        if (!isKeywardError(e)) console.error(`keyward: ${channel} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error'}`);
      }
      let inner: AuditIntent | undefined;
      try {
        if (scope && failure !== undefined) scope.cancel();
        else if (scope) inner = scope.end(staleCall);
        else if (inLock && session && session.aborts !== aborts) throw staleCall(); // it may have seen the undone change
      } catch (e) {
        [failure, value] = [e, undefined];
      }
      const { intent, notes, undone } = inLock ? changes.end(inner, failure !== undefined) : { intent: undefined, notes: NO_NOTES, undone: [] };
      if (!policy.audited) {
        intent?.commit(); // unaudited channels change nothing that needs a record
        return { value, failure, written: undefined, notes, undone };
      }
      const written = recorder.record(channel, request, value, failure, caller, intent);
      written.catch(() => {}); // observed below; avoid an unhandled rejection meanwhile
      return { value, failure, written, notes, undone };
    };
    const outcome = await (inLock ? mutex.run(run) : run()).finally(() => prepared?.dispose()); // what the call did not take is wiped
    if (outcome.written) {
      try {
        await outcome.written;
      } catch (e) {
        await Promise.allSettled(outcome.undone); // the undo's disk work (lock, put a file back) is done before the answer
        // Fail closed: no record, no result, no change.
        const why = isKeywardError(e) ? e.message : 'The audit record could not be written; the operation was refused.';
        const notes = outcome.notes.length > 0 ? ` ${outcome.notes.join(' ')}` : '';
        return { ok: false, error: errorToWire(new AuditWriteException(`${why}${notes}`)) };
      }
    }
    return outcome.failure === undefined ? { ok: true, value: outcome.value } : { ok: false, error: errorToWire(outcome.failure) };
  };
}
