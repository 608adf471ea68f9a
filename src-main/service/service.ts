/**
 * The composition root: wires the audit log, the vault session manager, the audit recorder,
 * the scheduler, the local KMS endpoint (through its port) and the channel groups into the
 * router that every transport calls; starts and closes them.
 */
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Channel, ChannelResult, ResponseOf } from '../../src-shared/contract.js';
import { AuditLog } from '../audit/store.js';
import { runSelfTests } from '../crypto/self-test.js';
import { nodeFs } from '../platform/fs.js';
import { acquireLock, releaseLock } from '../vault/lock-file.js';
import { secretOf } from './access-keys.js';
import { endpointOff } from './endpoint-off.js';
import type { ServiceContext } from './handlers.js';
import { CallChanges } from './call-changes.js';
import { Mutex } from './mutex.js';
import { AuditRecorder } from './recorder.js';
import { createRouter } from './router.js';
import { handOverScheduled, runScheduler, SchedulerState, startSchedulerTimer } from './scheduled.js';
import { auditIntegrityProblem } from './integrity.js';
import { SessionManager } from './session-manager.js';
import type { VaultSession } from './session.js';
import { auditUnlocked, vaultWitness } from './audit-integrity.js';
import { IN_PROCESS_CALLER, type InProcessService, type ServiceOptions } from './types.js';

/**
 * Open the audit log (one writer per log: a second service on it throws VaultBusyException),
 * run the crypto self-tests and wire the service; the vault stays locked until a call opens it.
 * With `kmsEndpointPort`, the endpoint must bind or startup fails.
 */
export async function createKeywardService(options: ServiceOptions): Promise<InProcessService> {
  const { clock, keychain } = options;
  // Owner-only folders (POSIX mode 0700); `mode` applies to the folders mkdir creates, and the
  // audit folder is tightened if an older version created it wider. Windows ignores both.
  await mkdir(dirname(options.vaultPath), { recursive: true, mode: 0o700 });
  await mkdir(options.auditDir, { recursive: true, mode: 0o700 });
  await chmod(options.auditDir, 0o700);
  // One process writes the audit log: two would interleave lines and break the chain.
  const auditLock = await acquireLock(nodeFs, join(options.auditDir, 'writer'));
  let audit: AuditLog;
  // The vault witnesses the log's head (audit-integrity.ts); the session manager comes later.
  const current = { session: (): VaultSession | undefined => undefined };
  try {
    audit = await AuditLog.open(options.auditDir, { witness: vaultWitness(() => current.session()), ...(options.audit ?? {}) });
  } catch (e) {
    await releaseLock(nodeFs, auditLock);
    throw e;
  }
  // An integrity failure found at open goes to the UI (vault:status) as well as to stderr.
  const auditProblem = auditIntegrityProblem(audit.openReport.tail);
  if (auditProblem) console.error(`keyward: ${auditProblem.message}`);
  const mutex = new Mutex();
  const changes = new CallChanges();
  const selfTest = runSelfTests(clock.now());
  let closed = false;
  const sessions: SessionManager = new SessionManager({
    vaultPath: options.vaultPath, keychain, kdf: options.kdf, clock, selfTest,
    flushAudit: () => audit.flush(),
    auditHead: () => audit.head,
    auditUnlocked: (s) => auditUnlocked(s, audit, clock, (m) => console.error(`keyward: ${m}`)),
    auditLocking: async (why) => {
      await audit.setKey(undefined, why === 'close' ? 'close' : 'lock');
    },
    serialise: (fn) => mutex.run(fn),
    catchUp: () => scheduler().catch(() => undefined), // a refused catch-up waits and retries (scheduled.ts)
    opened: async () => {
      const before = endpoint.status(endpointSettings()).Listening;
      await endpoint.follow(endpointSettings());
      // A refused unlock does not leave the endpoint it started running.
      if (!before) changes.onAbort(() => void endpoint.follow({ ...endpointSettings(), apiEnabled: false }), '');
    },
    onAbort: (fn, note) => changes.onAbort(fn, note),
    hasRecord: (tag) => audit.hasRecord(tag),
    ...(options.vaultFs ? { vaultFs: options.vaultFs } : {}),
    auditIntegrity: () => auditProblem,
  });
  current.session = () => sessions.current;
  const recorder = new AuditRecorder(audit, clock, sessions);
  const schedulerState = new SchedulerState();
  const scheduler = () => runScheduler(sessions, recorder, schedulerState);
  const endpointSettings = () => {
    const s = sessions.settings();
    return { apiEnabled: s.apiEnabled, apiPort: s.apiPort, region: s.region };
  };
  // The local KMS endpoint: a transport over handle(), like IPC and the host.
  const endpoint = (options.endpoint ?? (() => endpointOff))({
    handle: (channel, payload, caller, encoding) => handle(channel, payload, caller, encoding),
    auth: {
      unlocked: () => sessions.current !== undefined,
      region: () => sessions.settings().region,
      secretOf: (id) => secretOf(sessions.current?.state, id),
    },
    ...(options.kmsEndpoint ? { limits: options.kmsEndpoint } : {}),
  });
  const stopScheduler = startSchedulerTimer(mutex, () => handOverScheduled(sessions, recorder, schedulerState), schedulerState);

  const ctx: ServiceContext = {
    vaultPath: options.vaultPath, keychain, kdf: options.kdf, clock, audit, sessions, endpoint, selfTest, changes,
    runScheduler: scheduler,
    schedulerWaiting: () => schedulerState.waiting,
    endpointSettings,
    serialise: (fn) => mutex.run(fn),
  };
  const handle = createRouter({ ctx, recorder, mutex, closed: () => closed });

  const service: InProcessService = {
    handle,
    invoke: async <C extends Channel>(channel: C, request: unknown, caller = IN_PROCESS_CALLER) =>
      (await handle(channel, request, caller)) as ChannelResult<ResponseOf<C>>, // C's handler answers ResponseOf<C>
    async close() {
      if (closed) return;
      closed = true;
      stopScheduler();
      try {
        await endpoint.close();
        await mutex.run(() => sessions.lock('close'));
      } finally {
        // Each step even if one before it failed: the audit log's lock must not outlive us.
        try {
          await audit.close();
        } finally {
          await releaseLock(nodeFs, auditLock);
        }
      }
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
