/**
 * The shape of a channel handler and of a channel group's handler map, and what every
 * group may use. A group (channels/*.ts) exports a function from ServiceContext to its
 * HandlerMap; the router combines the groups into one map typed by every channel, so a
 * channel without a handler does not compile.
 */
import type { Channel, ParsedRequestOf, ResponseOf } from '../../src-shared/contract.js';
import type { SelfTestReport } from '../crypto/self-test.js';
import type { AuditLog } from '../audit/store.js';
import type { CallerContext } from '../platform/caller.js';
import type { Clock } from '../platform/clock.js';
import type { KdfParams } from '../vault/kdf.js';
import type { Keychain } from '../vault/keychain.js';
import type { CallChanges } from './call-changes.js';
import type { SchedulerWaiting } from './scheduled.js';
import type { EndpointSettings, KmsEndpointPort } from './ports.js';
import type { SessionManager } from './session-manager.js';

/**
 * Serves one channel: the request already parsed by the channel's schema, and what the
 * channel's preparer made for it, if anything. Throws named Keyward/KMS exceptions.
 */
export type Handler<C extends Channel> = (request: ParsedRequestOf<C>, caller: CallerContext, prepared?: Prepared) => Promise<ResponseOf<C>>;

/** Work done for one call before it enters the service mutex (key generation); the router disposes of it when the call is over, used or not. */
export interface Prepared {
  /** Wipe whatever the handler did not take. Idempotent. */
  dispose(): void;
}

/** The long work of a channel's call, run by the router outside the mutex: undefined when there is none. May reject; the router then prepares nothing. */
export type Preparer<C extends Channel> = (request: ParsedRequestOf<C>, caller: CallerContext) => Promise<Prepared | undefined>;

/** Preparers of the channels that have long work. */
export type PreparerMap = { readonly [C in Channel]?: Preparer<C> };

/** A handler for each channel in K. */
export type HandlerMap<K extends Channel> = { readonly [C in K]: Handler<C> };

/** The channels whose names start with `<prefix>:`. */
export type ChannelsOf<P extends string> = Extract<Channel, `${P}:${string}`>;

/** What the channel groups share: the wired parts of the service. */
export interface ServiceContext {
  readonly vaultPath: string;
  readonly keychain: Keychain;
  /** scrypt cost for new passphrase slots. */
  readonly kdf: KdfParams | undefined;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly sessions: SessionManager;
  readonly endpoint: KmsEndpointPort;
  /** The running call's undo and after-commit steps (call-changes.ts). */
  readonly changes: CallChanges;
  /** The startup known-answer self-tests, run once before the first operation. */
  readonly selfTest: SelfTestReport;
  /** Apply rotations and deletions that fell due, and record them. */
  runScheduler(): Promise<void>;
  /** Why scheduled actions wait (their records could not be written), if they do. */
  schedulerWaiting(): SchedulerWaiting | undefined;
  /** The settings the endpoint follows (the vault's, or the last known while locked). */
  endpointSettings(): EndpointSettings;
  /** Run `fn` under the router's lock (for work a channel does beside it, e.g. storing a break found by verify). */
  serialise<T>(fn: () => Promise<T>): Promise<T>;
}
