/** The service boundary both transports (Electron IPC, headless host) call. */
import type { ChannelResult } from '../../src-shared/contract.js';
import type { KmsEndpointLimits } from '../api/server.js';
import type { AuditLogOptions } from '../audit/store.js';
import type { Clock } from '../platform/clock.js';
import type { Keychain } from '../vault/keychain.js';

/** Who made a call, for the audit record (CloudTrail userIdentity, sourceIPAddress). */
export interface CallerContext {
  transport: 'ipc' | 'host' | 'api';
  /** 'keyward-desktop' for IPC, the peer address for HTTP. */
  sourceIPAddress: string;
  userAgent: string;
  /** Set by the local KMS endpoint (issue 4) for SigV4-authenticated calls. */
  accessKeyId?: string;
  /** The request id the transport already answered with (x-amzn-RequestId); the audit record reuses it. */
  requestId?: string;
}

export interface KeywardService {
  /** Validate, dispatch, audit and shape errors. Never throws. */
  handle(channel: string, payload: unknown, caller: CallerContext): Promise<ChannelResult>;
  /** Lock the vault, flush the audit log, stop timers. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** The vault file, e.g. <userData>/vault.kwv. */
  vaultPath: string;
  /** Audit segments live here, e.g. <userData>/audit. */
  auditDir: string;
  clock: Clock;
  keychain: Keychain;
  /** scrypt cost for new passphrase slots; tests pass a cheap one. */
  kdf?: { N: number; r: number; p: number };
  /** Audit log tuning and, in tests, a failing file port. */
  audit?: AuditLogOptions;
  /**
   * Start the local KMS endpoint on this port for this run, whatever the vault's settings say
   * (headless --kms-endpoint-port); 0 picks a free port. A port that cannot be bound fails startup.
   */
  kmsEndpointPort?: number;
  /** Endpoint limits and timeouts; tests shorten them. */
  kmsEndpoint?: KmsEndpointLimits;
}

/** Implemented in service/service.ts. */
export type CreateKeywardService = (options: ServiceOptions) => Promise<KeywardService>;
