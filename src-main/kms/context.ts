/** What every engine operation works with. */
import type { Clock } from '../platform/clock.js';
import type { VaultState } from './model.js';

/** What the engine runs against: the state, the clock, the durable commit and the self-test gate. */
export interface EngineContext {
  readonly state: VaultState;
  readonly clock: Clock;
  /** Persist the state (the vault commit). Resolves once durable. */
  commit(): Promise<void>;
  /** Throws SelfTestFailedException when the crypto self-tests failed. */
  assertCryptoReady(): void;
}
