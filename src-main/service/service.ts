/**
 * The composition root and channel router both transports call: validate, dispatch,
 * audit, shape errors. Wires the vault, the engine, the audit log, the scheduler and the
 * cost estimator (ARCHITECTURE.md "Processes and trust").
 */
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { VaultStatus } from '../../src-shared/app.js';
import { ChannelSchemas, isChannel, type Channel, type ChannelResult, type ParsedRequestOf } from '../../src-shared/contract.js';
import {
  AuditWriteException, errorToWire, isKeywardError, KeychainUnavailableException, UnknownOperationException,
  UnsupportedOperationException, VaultExistsException, VaultLockedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import type { KmsOperation, KmsRequest } from '../../src-shared/kms/schemas.js';
import { parseRequest } from '../../src-shared/validation.js';
import { buildAuditEvent } from '../audit/event-builder.js';
import { AuditLog } from '../audit/store.js';
import { countKmsRequests } from '../audit/usage.js';
import { randomUuid } from '../crypto/random.js';
import { runSelfTests, type SelfTestReport } from '../crypto/self-test.js';
import { estimateCost, monthOf, monthRange, type BillableKey } from '../cost/estimator.js';
import { AWS_KMS_PRICING } from '../../src-shared/pricing/aws-kms.js';
import { aliasesOf } from '../kms/aliases.js';
import { READ_ONLY_OPERATIONS } from '../kms/engine.js';
import { DEFAULT_SETTINGS, emptyState, serialiseState, type VaultSettings } from '../kms/model.js';
import { VirtualClock, DAY_MS } from '../schedule/clock.js';
import { runDueActions, upcomingEvents } from '../schedule/scheduler.js';
import { nodeFs } from '../vault/fs-port.js';
import { acquireLock, releaseLock } from '../vault/lock-file.js';
import { type VaultHandle, createVault, openVaultWithKeychain, openVaultWithPassphrase, readVaultHeader, vaultExists } from '../vault/vault.js';
import { keyArnsOf } from './key-refs.js';
import { Mutex } from './mutex.js';
import { VaultSession } from './session.js';
import { createAccessKey, listAccessKeys, revokeAccessKey, secretOf } from '../api/access-keys.js';
import { KmsEndpointController } from '../api/controller.js';
import type { CallerContext, KeywardService, ServiceOptions } from './types.js';

/** Channels that are not audited: status polls and reads of Keyward's own views. */
const UNAUDITED = new Set<Channel>(['vault:status', 'audit:query', 'cost:estimate', 'schedule:upcoming', 'clock:get', 'crypto:selfTest', 'api:status', 'accessKeys:list']);
/** Calls that do not count as user activity for the idle auto-lock (the UI polls them). */
const NOT_ACTIVITY = new Set<Channel>(['vault:status', 'clock:get', 'api:status']);
const SCHEDULER_INTERVAL_MS = 60_000;
/** App channels that change the vault body (KMS operations: every one not read-only). */
const CHANGES_VAULT_APP = new Set<Channel>(['settings:update', 'accessKeys:create', 'accessKeys:revoke', 'api:configure']);

function changesVault(channel: Channel): boolean {
  if (channel.startsWith('kms:')) return !READ_ONLY_OPERATIONS.has(channel.slice(4) as KmsOperation); // a kms: channel names a KmsOperation
  return CHANGES_VAULT_APP.has(channel);
}

type Handler<C extends Channel> = (request: ParsedRequestOf<C>, caller: CallerContext) => Promise<unknown>;

export async function createKeywardService(options: ServiceOptions): Promise<KeywardService> {
  const { clock, keychain } = options;
  await mkdir(dirname(options.vaultPath), { recursive: true });
  await mkdir(options.auditDir, { recursive: true });
  // One process writes the audit log: two would interleave lines and break the chain.
  const auditLock = await acquireLock(nodeFs, join(options.auditDir, 'writer'));
  let audit: AuditLog;
  try {
    audit = await AuditLog.open(options.auditDir, options.audit ?? {});
  } catch (e) {
    await releaseLock(nodeFs, auditLock);
    throw e;
  }
  if (!audit.openReport.tail.ok) {
    console.error(`keyward: the audit log failed its integrity check at record ${audit.openReport.tail.firstBadSeq}: ${audit.openReport.tail.reason}`);
  }
  const mutex = new Mutex();
  const selfTest: SelfTestReport = runSelfTests(clock.now());
  let session: VaultSession | undefined;
  let lastSettings: VaultSettings = { ...DEFAULT_SETTINGS };
  let idleTimer: NodeJS.Timeout | undefined;
  let closed = false;
  // The local KMS endpoint (src-main/api): a transport over handle(), like IPC and the host.
  const endpoint = new KmsEndpointController({
    handle: (channel, payload, caller) => handle(channel, payload, caller),
    auth: {
      unlocked: () => session !== undefined,
      region: () => settings().region,
      secretOf: (id) => secretOf(session?.state, id),
    },
    ...(options.kmsEndpoint ? { limits: options.kmsEndpoint } : {}),
  });
  const endpointSettings = () => ({ apiEnabled: settings().apiEnabled, apiPort: settings().apiPort, region: settings().region });

  const schedulerTimer = setInterval(() => {
    void mutex.run(runScheduler).catch((e: unknown) => {
      // The actions are committed; their records could not be written (e.g. disk full).
      console.error(`keyward: scheduler: ${e instanceof Error ? `${e.name}: ${e.message}` : 'failed'}`);
    });
  }, SCHEDULER_INTERVAL_MS);
  schedulerTimer.unref();

  function requireSession(): VaultSession {
    if (!session) throw new VaultLockedException('The vault is locked. Unlock it to use keys.');
    return session;
  }

  function settings(): VaultSettings {
    return session ? session.state.settings : lastSettings;
  }

  function armIdleLock(): void {
    if (idleTimer) clearTimeout(idleTimer);
    if (!session) return;
    idleTimer = setTimeout(() => {
      void mutex.run(() => lockSession('idle')).catch(() => {});
    }, settings().idleLockMinutes * 60_000);
    idleTimer.unref();
  }

  async function lockSession(_why: 'user' | 'idle' | 'close'): Promise<void> {
    if (idleTimer) clearTimeout(idleTimer);
    if (!session) return;
    lastSettings = { ...session.state.settings };
    const s = session;
    session = undefined;
    await s.lock();
    await audit.flush();
  }

  async function startSession(open: () => Promise<VaultHandle>): Promise<void> {
    const handle = await open();
    session = new VaultSession(handle, clock, () => selfTest, () => audit.head);
    lastSettings = { ...session.state.settings };
    await runScheduler(); // catch up on what fell due while the vault was closed
    armIdleLock();
    await endpoint.follow(endpointSettings());
  }

  /** Rotations and deletions that fell due: apply, commit once, audit each as a service event. */
  async function runScheduler(): Promise<void> {
    if (!session) return;
    const s = session;
    const actions = runDueActions(s.ctx);
    if (actions.length === 0) return;
    await s.ctx.commit();
    for (const a of actions) {
      await audit.append(buildAuditEvent({
        channel: `scheduler:${a.eventName}`,
        request: { KeyId: a.keyArn },
        response: a.keyMaterialId ? { KeyId: a.keyArn, KeyMaterialId: a.keyMaterialId } : { KeyId: a.keyArn },
        caller: 'scheduler',
        accountId: s.state.settings.accountId,
        region: s.state.settings.region,
        now: clock.now(),
        keyArns: [a.keyArn],
        readOnly: false,
        requestId: randomUuid(),
      }));
    }
  }

  async function status(): Promise<VaultStatus> {
    const exists = await vaultExists(options.vaultPath);
    const kc = await keychain.status().catch(() => ({ available: false, backend: 'none' }));
    const header = exists ? await readVaultHeader(options.vaultPath).catch(() => undefined) : undefined;
    const st: VaultStatus = {
      exists,
      unlocked: session !== undefined,
      vaultPath: options.vaultPath,
      keychainAvailable: kc.available,
      keychainBackend: kc.backend,
      hasKeychainSlot: header?.hasKeychainSlot ?? false,
      idleLockMinutes: settings().idleLockMinutes,
      accountId: settings().accountId,
      region: settings().region,
    };
    if (header) st.vaultId = header.vaultId;
    return st;
  }

  async function assertKeychain(): Promise<void> {
    const kc = await keychain.status();
    if (!kc.available) {
      throw new KeychainUnavailableException(
        kc.backend === 'basic_text'
          ? 'The only secret store here is basic_text, which keeps secrets in plain text; it does not count as a keychain. Use the passphrase.'
          : 'No OS keychain is available on this system; use the passphrase.',
      );
    }
  }

  function virtualClock(): VirtualClock {
    if (!(clock instanceof VirtualClock)) {
      throw new UnsupportedOperationException('Keyward is using the system clock. Start it with --virtual-clock to move time for training.');
    }
    return clock;
  }

  async function costEstimate(month: string | undefined) {
    const s = requireSession();
    const m = month ?? monthOf(clock.now());
    const { start, end } = monthRange(m);
    const keys: BillableKey[] = [...s.state.keys.values()].map((k) => {
      const b: BillableKey = {
        keyId: k.keyId,
        aliases: aliasesOf(s.ctx, k.keyId),
        creationDate: k.creationDate,
        rotationDates: k.materials.filter((x) => x.rotationType).map((x) => x.createdAt),
      };
      if (k.pendingDeletionSince !== undefined) b.billedUntil = k.pendingDeletionSince;
      return b;
    });
    for (const d of s.state.deletedKeys) {
      keys.push({ keyId: d.keyId, aliases: [], creationDate: d.creationDate, billedUntil: d.pendingDeletionSince, rotationDates: d.rotationDates });
    }
    const requests = countKmsRequests(audit, new Date(start), new Date(end));
    return estimateCost({ month: m, now: clock.now(), keys, requests, profile: AWS_KMS_PRICING });
  }

  const app: { [C in Exclude<Channel, `kms:${string}`>]: Handler<C> } = {
    'vault:status': () => status(),
    'vault:create': async (req) => {
      if (await vaultExists(options.vaultPath)) {
        throw new VaultExistsException(`A vault already exists at ${options.vaultPath}. Unlock it instead.`);
      }
      if (req.UseKeychain) await assertKeychain();
      const body = serialiseState(emptyState(''));
      await startSession(() => createVault(options.vaultPath, req.Passphrase, body, {
        ...(options.kdf ? { kdf: options.kdf } : {}),
        ...(req.UseKeychain ? { keychain } : {}),
      }));
      await requireSession().ctx.commit(); // write the state with its real vault id
      return status();
    },
    'vault:unlock': async (req) => {
      if (session) return status(); // already unlocked: nothing to do, nothing changes
      if (!(await vaultExists(options.vaultPath))) throw new VaultNotFoundException(`No vault at ${options.vaultPath}. Create one first.`);
      await startSession(() => openVaultWithPassphrase(options.vaultPath, req.Passphrase));
      return status();
    },
    'vault:unlockWithKeychain': async () => {
      if (session) return status();
      if (!(await vaultExists(options.vaultPath))) throw new VaultNotFoundException(`No vault at ${options.vaultPath}. Create one first.`);
      await assertKeychain();
      await startSession(() => openVaultWithKeychain(options.vaultPath, keychain));
      return status();
    },
    'vault:lock': async () => {
      await lockSession('user');
      return status();
    },
    'vault:changePassphrase': async (req) => {
      await requireSession().vault.changePassphrase(req.CurrentPassphrase, req.NewPassphrase, options.kdf);
      return status();
    },
    'vault:setKeychainSlot': async (req) => {
      const s = requireSession();
      if (req.Enabled) {
        await assertKeychain();
        await s.vault.addKeychainSlot(keychain);
      } else {
        await s.vault.removeKeychainSlot(keychain);
      }
      return status();
    },
    'settings:update': async (req) => {
      const s = requireSession();
      if (req.IdleLockMinutes !== undefined) s.state.settings.idleLockMinutes = req.IdleLockMinutes;
      if (req.AccountId !== undefined) s.state.settings.accountId = req.AccountId;
      if (req.Region !== undefined) s.state.settings.region = req.Region;
      await s.ctx.commit();
      lastSettings = { ...s.state.settings };
      armIdleLock();
      return status();
    },
    'schedule:upcoming': async (req) => ({ Events: upcomingEvents(requireSession().ctx, req.Days ?? 365) }),
    'cost:estimate': async (req) => costEstimate(req.Month),
    'clock:get': async () => ({ Now: clock.now(), Virtual: clock.virtual }),
    'clock:advance': async (req) => {
      const vc = virtualClock();
      vc.advance(req.Days * DAY_MS);
      await runScheduler();
      return { Now: clock.now(), Virtual: true };
    },
    // The startup known-answer tests (run before the first operation); At is when they ran.
    'crypto:selfTest': async () => ({
      Ok: selfTest.ok,
      At: selfTest.at,
      Results: selfTest.results.map((r) => ({ Name: r.name, Ok: r.ok, ...(r.error !== undefined ? { Error: r.error } : {}) })),
    }),
    'api:status': async () => endpoint.status(endpointSettings()),
    'api:configure': async (req) => {
      const s = requireSession();
      const port = req.Port ?? s.state.settings.apiPort;
      await endpoint.configure(req.Enabled, port);
      s.state.settings.apiEnabled = req.Enabled;
      s.state.settings.apiPort = port;
      await s.ctx.commit();
      lastSettings = { ...s.state.settings };
      return endpoint.status(endpointSettings());
    },
    'accessKeys:create': async (req) => {
      const s = requireSession();
      const created = createAccessKey(s.state, req.Description ?? '', clock.now());
      await s.ctx.commit();
      return created;
    },
    'accessKeys:list': async () => ({ AccessKeys: listAccessKeys(requireSession().state) }),
    'accessKeys:revoke': async (req) => {
      const s = requireSession();
      revokeAccessKey(s.state, req.AccessKeyId);
      await s.ctx.commit();
      return { AccessKeyId: req.AccessKeyId };
    },
    'audit:query': async (req) => {
      requireSession();
      return audit.query(req);
    },
    'audit:verify': async () => {
      const anchor = requireSession().state.auditAnchor;
      return audit.verify(anchor ? { anchor } : {});
    },
  };

  async function dispatch(channel: Channel, request: unknown, caller: CallerContext): Promise<unknown> {
    if (channel.startsWith('kms:')) {
      const op = channel.slice(4) as KmsOperation; // isChannel() proved `kms:<KmsOperation>`
      return requireSession().engine.execute(op, request as KmsRequest<typeof op>); // parsed by that op's schema
    }
    const handler = app[channel as Exclude<Channel, `kms:${string}`>] as Handler<Channel>; // the non-kms channels are app's keys
    return handler(request as ParsedRequestOf<Channel>, caller); // parsed by ChannelSchemas[channel]
  }

  /** Build the record and hand it to the log now (fixing its place in the chain); resolves when written. */
  function record(channel: Channel, request: unknown, response: unknown, error: unknown, caller: CallerContext): Promise<unknown> {
    const s = session;
    const op = channel.startsWith('kms:') ? (channel.slice(4) as KmsOperation) : undefined; // as in dispatch
    const wire = error === undefined ? undefined : errorToWire(error);
    try {
      return audit.append(
        buildAuditEvent({
          channel,
          request,
          ...(response !== undefined ? { response } : {}),
          ...(wire ? { error: wire } : {}),
          caller,
          accountId: settings().accountId,
          region: settings().region,
          now: clock.now(),
          keyArns: keyArnsOf(s?.state, request, response),
          readOnly: op ? READ_ONLY_OPERATIONS.has(op) : false,
          requestId: caller.requestId ?? randomUuid(),
        }),
      );
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async function handle(channel: string, payload: unknown, caller: CallerContext): Promise<ChannelResult> {
    if (closed) return { ok: false, error: { name: 'KMSInternalException', message: 'Keyward is shutting down.' } };
    if (!isChannel(channel)) {
      return { ok: false, error: errorToWire(new UnknownOperationException(`Unknown operation '${String(channel).slice(0, 64)}'.`)) };
    }
    // The engine call and the hand-off of its audit record run under the mutex, so records
    // are chained in call order; waiting for the write happens outside it, so concurrent
    // callers' records share writes. The result is released only once its record is written.
    const outcome = await mutex.run(async () => {
      let request: unknown = payload;
      let value: unknown;
      let failure: unknown;
      // A change whose record cannot be written is undone, so "the operation fails" holds
      // for mutations too; its record is therefore awaited inside the mutex.
      const before = session && changesVault(channel) && !UNAUDITED.has(channel) ? { s: session, body: session.snapshot() } : undefined;
      try {
        request = parseRequest(ChannelSchemas[channel], payload, caller.transport === 'ipc' ? 'structured' : 'json');
        if (!NOT_ACTIVITY.has(channel)) armIdleLock();
        value = await dispatch(channel, request, caller);
      } catch (e) {
        failure = e;
        if (!isKeywardError(e)) console.error(`keyward: ${channel} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error'}`);
      }
      const written = UNAUDITED.has(channel) ? undefined : record(channel, request, value, failure, caller);
      written?.catch(() => {}); // observed below; avoid an unhandled rejection meanwhile
      if (before) {
        try {
          await written;
          before.body.fill(0);
        } catch (e) {
          if (failure === undefined && before.s === session) {
            try {
              await before.s.rollbackTo(before.body);
            } catch {
              return { value, failure, written, undoFailed: true };
            }
          } else {
            before.body.fill(0);
          }
        }
      }
      return { value, failure, written, undoFailed: false };
    });
    if (outcome.written) {
      try {
        await outcome.written;
      } catch (e) {
        // Fail closed (ARCHITECTURE.md "The audit log"): no record, no result.
        const why = isKeywardError(e) ? e.message : 'The audit record could not be written; the operation was refused.';
        const undo = outcome.undoFailed ? ' The change could not be undone either: check the disk before going on.' : '';
        return { ok: false, error: errorToWire(new AuditWriteException(`${why}${undo}`)) };
      }
    }
    return outcome.failure === undefined ? { ok: true, value: outcome.value } : { ok: false, error: errorToWire(outcome.failure) };
  }

  const service: KeywardService = {
    handle,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(schedulerTimer);
      await endpoint.close();
      await mutex.run(() => lockSession('close'));
      await audit.close();
      await releaseLock(nodeFs, auditLock);
    },
  };
  if (options.kmsEndpointPort !== undefined) {
    try {
      await endpoint.startForRun(options.kmsEndpointPort);
    } catch (e) {
      await service.close();
      throw e;
    }
  }
  return service;
}

