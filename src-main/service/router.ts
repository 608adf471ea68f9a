/**
 * The channel router every transport calls: parse the payload with the channel's schema,
 * look up the channel's policy, dispatch to its handler, record the call in the audit log,
 * and fail closed: no record, no result (and a change whose record cannot be written is
 * undone). Errors leave as `{ ok: false, error }` values with KMS's exception names.
 */
import { CHANNEL_POLICY } from '../../src-shared/channel-policy.js';
import { ChannelSchemas, isChannel, type Channel, type ChannelResult, type ParsedRequestOf } from '../../src-shared/contract.js';
import { AuditWriteException, errorToWire, isKeywardError, KMSInternalException, UnknownOperationException } from '../../src-shared/kms/errors.js';
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

/** The chain place of a written record (the recorder resolves with the sealed AuditRecord). */
function chainTagOf(record: unknown): { seq: number; hash: string } {
  const chain = (record as { chain?: { seq?: unknown; hash?: unknown } } | undefined)?.chain; // AuditLog.append's AuditRecord
  if (typeof chain?.seq !== 'number' || typeof chain.hash !== 'string') throw new TypeError('the written record has no chain');
  return { seq: chain.seq, hash: chain.hash };
}

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
  const { sessions } = deps.ctx;
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
    // The engine call and the hand-off of its audit record run under the mutex, so records
    // are chained in call order; waiting for the write happens outside it, so concurrent
    // callers' records share writes. The result is released only once its record is written.
    const run = async () => {
      let request: unknown = payload;
      let value: unknown;
      let failure: unknown;
      // A change is captured as a change set (kms/change-set.ts) while the call runs; it is
      // committed to the vault's journal once its record is written, and undone otherwise, so
      // "the operation fails" holds for changes too. Both are awaited inside the mutex.
      const session = sessions.current;
      const scope = session && policy.changesVault && policy.audited ? session.beginChange() : undefined;
      try {
        request = parseRequest(ChannelSchemas[channel], payload, encoding);
        if (policy.activity) sessions.armIdleLock();
        value = await dispatch(channel, request, caller, prepared);
      } catch (e) {
        failure = e;
        if (!isKeywardError(e)) console.error(`keyward: ${channel} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error'}`);
      }
      const intent = scope?.end();
      if (intent && failure !== undefined) intent.abort(); // a failed call leaves nothing behind
      const undo = deps.ctx.refusal.take();
      const written = policy.audited ? recorder.record(channel, request, value, failure, caller) : undefined;
      written?.catch(() => {}); // observed below; avoid an unhandled rejection meanwhile
      if (undo.length > 0 && written && failure === undefined) {
        // Changes outside the vault body (files on disk) are undone the same way, in the mutex.
        try {
          await written;
        } catch {
          for (const step of undo) {
            try {
              await step();
            } catch {
              return { value, failure, written, undoFailed: true };
            }
          }
        }
      }
      if (intent && failure === undefined && written) {
        let tag: { seq: number; hash: string };
        try {
          tag = chainTagOf(await written);
        } catch {
          intent.abort(); // no record: the change is undone in memory, nothing reached the vault
          return { value, failure, written, undoFailed: false };
        }
        try {
          await intent.prepare(tag); // the change's journal frame, tagged with its record
          intent.commit();
        } catch {
          intent.abort();
          const e = new KMSInternalException('The vault could not be written; the change was not saved. Check free disk space and permissions.');
          return { value: undefined, failure: e, written, undoFailed: false };
        }
      }
      return { value, failure, written, undoFailed: false };
    };
    // A walk of the audit chain reads only the log: it never holds up the calls behind it.
    const outcome = await (policy.outsideLock ? run() : mutex.run(run)).finally(() => prepared?.dispose()); // what the call did not take is wiped
    if (outcome.written) {
      try {
        await outcome.written;
      } catch (e) {
        // Fail closed: no record, no result.
        const why = isKeywardError(e) ? e.message : 'The audit record could not be written; the operation was refused.';
        const undo = outcome.undoFailed ? ' The change could not be undone either: check the disk before going on.' : '';
        return { ok: false, error: errorToWire(new AuditWriteException(`${why}${undo}`)) };
      }
    }
    return outcome.failure === undefined ? { ok: true, value: outcome.value } : { ok: false, error: errorToWire(outcome.failure) };
  };
}
