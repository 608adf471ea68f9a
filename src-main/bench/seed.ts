/**
 * A vault with many keys, made fast for the benches: the engine's own CreateKey, CreateAlias,
 * TagResource, EnableKeyRotation and DisableKey run over an in-memory state with the commit
 * left out, and the state is sealed into a new vault file once at the end (one write instead
 * of one whole-vault rewrite per key). What the keys hold is what the app would have made.
 */
import { emptyState, serialiseState } from '../kms/model.js';
import type { EngineContext } from '../kms/context.js';
import { KmsEngine } from '../kms/engine.js';
import { VirtualClock } from '../platform/clock.js';
import { createVault } from '../vault/vault.js';
import type { KdfParams } from '../vault/kdf.js';

/** The cheapest scrypt cost the vault accepts (N=2^10): the benches measure the list, not the KDF. */
export const BENCH_KDF: KdfParams = { N: 2 ** 10, r: 8, p: 1 };

/** Teams the seeded keys belong to (tag `team`, alias path, description). */
export const TEAMS = 50;

/**
 * Key i: team-(i mod 50); description "Bench key i for team-t"; tags team and env; an alias
 * alias/bench/team-t/key-i on two keys in three; every 10th key HMAC_256, every 3rd symmetric
 * key with automatic rotation, every 20th disabled. Creation dates one minute apart, oldest first.
 */
export async function seedVault(path: string, passphrase: string, n: number): Promise<{ ms: number }> {
  const t0 = performance.now();
  const clock = new VirtualClock(new Date(Date.now() - (n + 10) * 60_000));
  const state = emptyState('00000000-0000-4000-8000-000000000000');
  const ctx: EngineContext = { state, clock, commit: async () => {}, assertCryptoReady: () => {} };
  const engine = new KmsEngine(ctx);
  for (let i = 0; i < n; i++) {
    const team = `team-${i % TEAMS}`;
    const hmac = i % 10 === 9;
    const { KeyMetadata } = await engine.execute('CreateKey', {
      Description: `Bench key ${i} for ${team}`,
      ...(hmac ? { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' } : {}),
      Tags: [{ TagKey: 'team', TagValue: team }, { TagKey: 'env', TagValue: i % 4 === 0 ? 'prod' : 'dev' }],
    });
    const KeyId = KeyMetadata.KeyId;
    if (i % 3 !== 2) await engine.execute('CreateAlias', { AliasName: `alias/bench/${team}/key-${i}`, TargetKeyId: KeyId });
    if (!hmac && i % 3 === 0) await engine.execute('EnableKeyRotation', { KeyId });
    if (i % 20 === 19) await engine.execute('DisableKey', { KeyId });
    clock.advance(60_000);
  }
  const body = serialiseState(state);
  const vault = await createVault(path, passphrase, body, { kdf: BENCH_KDF });
  body.fill(0);
  await vault.lock();
  return { ms: performance.now() - t0 };
}
