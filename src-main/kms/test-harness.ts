/** Test-only: an engine over an in-memory state and a virtual clock. */
import { SelfTestFailedException } from '../../src-shared/kms/errors.js';
import type { KmsOperation, KmsRequest } from '../../src-shared/kms/schemas.js';
import { KmsSchemas } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { parseRequest } from '../../src-shared/validation.js';
import { randomUuid } from '../crypto/random.js';
import { VirtualClock } from '../platform/clock.js';
import type { EngineContext } from './context.js';
import { KmsEngine } from './engine.js';
import { ChangeTracker } from './change-set.js';
import { emptyState, type VaultState } from './model.js';

/** Test-only: an engine with its context, state and clock exposed. */
export interface TestEngine {
  engine: KmsEngine;
  ctx: EngineContext;
  state: VaultState;
  clock: VirtualClock;
  commits: () => number;
  /** Parse like the router does, then execute. */
  call<O extends KmsOperation>(op: O, request: unknown): Promise<KmsResponse<O>>;
  failSelfTest(failed: boolean): void;
}

/** Test-only: a fresh engine over an empty state at `start` on a virtual clock. */
export function createTestEngine(start = new Date('2026-03-01T00:00:00Z'), vaultId = randomUuid()): TestEngine {
  const state = emptyState(vaultId);
  const tracker = new ChangeTracker(state);
  const clock = new VirtualClock(start);
  let commits = 0;
  let selfTestFailed = false;
  const ctx: EngineContext = {
    state,
    clock,
    commit: async () => {
      commits += 1;
      tracker.take()?.release(); // committed: deleted records' secrets are zeroed (change-set.ts)
    },
    assertCryptoReady: () => {
      if (selfTestFailed) throw new SelfTestFailedException('Cryptographic self-test "AES-256-GCM encrypt" failed.');
    },
  };
  const engine = new KmsEngine(ctx);
  return {
    engine,
    ctx,
    state,
    clock,
    commits: () => commits,
    call: async <O extends KmsOperation>(op: O, request: unknown) =>
      engine.execute(op, parseRequest(KmsSchemas[op], request) as KmsRequest<O>), // parsed by the op's own schema
    failSelfTest: (failed) => {
      selfTestFailed = failed;
    },
  };
}
