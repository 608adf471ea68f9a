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

/**
 * Undo steps a handler registers for its call when the change it made is not a vault-body
 * change the router snapshots (e.g. files renamed on disk). The router runs them, last first,
 * when the call's audit record cannot be written (fail closed), and drops them otherwise.
 * Calls run one at a time under the service mutex, so one list serves.
 */
export class RefusalUndo {
  private steps: (() => Promise<void>)[] = [];

  /** Register `step` for the current call. */
  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  /** The steps registered since the last take, last first; the list is emptied. */
  take(): (() => Promise<void>)[] {
    const steps = this.steps.reverse();
    this.steps = [];
    return steps;
  }
}

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
  /** The startup known-answer self-tests, run once before the first operation. */
  readonly selfTest: SelfTestReport;
  /** Apply rotations and deletions that fell due, and record them. */
  runScheduler(): Promise<void>;
  /** The settings the endpoint follows (the vault's, or the last known while locked). */
  endpointSettings(): EndpointSettings;
  /** Undo steps of the current call, run if its record cannot be written. */
  readonly refusal: RefusalUndo;
  /** Run `fn` under the router's lock (for work a channel does beside it, e.g. storing a break found by verify). */
  serialise<T>(fn: () => Promise<T>): Promise<T>;
}
