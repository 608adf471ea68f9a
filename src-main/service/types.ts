/** The service boundary the transports (Electron IPC, headless host, local KMS endpoint) and in-process callers use. */
import type { Channel, ChannelResult, RequestOf, ResponseOf } from '../../src-shared/contract.js';
import type { AuditLogOptions } from '../audit/store.js';
import type { CallerContext } from '../platform/caller.js';
import type { Clock } from '../platform/clock.js';
import type { FsPort } from '../platform/fs.js';
import type { KdfParams } from '../vault/kdf.js';
import type { Keychain } from '../vault/keychain.js';
import type { HandleFn, KmsEndpointFactory, KmsEndpointLimits } from './ports.js';

export type { CallerContext } from '../platform/caller.js';

/** What a transport needs: the router for untrusted input, and shutdown. */
export interface KeywardService {
  /** Validate, dispatch, audit and shape errors. Never throws. */
  handle: HandleFn;
  /** Lock the vault, flush the audit log, stop timers. */
  close(): Promise<void>;
}

/** The service as its host holds it: the transports' entry point plus typed in-process calls. */
export interface InProcessService extends KeywardService {
  /**
   * A typed call for trusted in-process callers (headless host, tests): the same path as
   * handle() (parse, policy, dispatch, record), typed by the contract. Never throws; pass the
   * result to `unwrap` (src-shared/result.ts) for the value or the named exception.
   * Without `caller`, the call is recorded as IN_PROCESS_CALLER.
   */
  invoke<C extends Channel>(channel: C, request: RequestOf<C>, caller?: CallerContext): Promise<ChannelResult<ResponseOf<C>>>;
}

/** The caller recorded for invoke() without one. */
export const IN_PROCESS_CALLER: CallerContext = { transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'keyward-in-process' };

/** What a host passes to createKeywardService. */
export interface ServiceOptions {
  /** The vault file, e.g. <userData>/vault.kwv. */
  vaultPath: string;
  /** Audit segments live here, e.g. <userData>/audit. */
  auditDir: string;
  clock: Clock;
  keychain: Keychain;
  /** scrypt cost for new passphrase slots; tests pass a cheap one. */
  kdf?: KdfParams;
  /** Audit log tuning and, in tests, a failing file port. */
  audit?: AuditLogOptions;
  /** The vault's file-system port; tests inject crashes through it. Default: the real one. */
  vaultFs?: FsPort;
  /**
   * The local KMS endpoint (api/controller.ts's createKmsEndpoint). Without it the host has
   * no endpoint: api:status reports it not listening, api:configure can only switch it off.
   */
  endpoint?: KmsEndpointFactory;
  /**
   * Start the local KMS endpoint on this port for this run, whatever the vault's settings say
   * (headless --kms-endpoint-port); 0 picks a free port. A port that cannot be bound fails startup.
   */
  kmsEndpointPort?: number;
  /** Endpoint limits and timeouts; tests shorten them. */
  kmsEndpoint?: KmsEndpointLimits;
}
