/**
 * `npm run bench`: Keyward's speed figures, each beside a baseline measured in the same run
 * (ratios, not absolute thresholds, since machines differ).
 *
 * - KDF: scrypt at the vault's default cost vs. one sixteenth of it (N=2^13): the ratio
 *   shows the cost scales as designed.
 * - Unlock: a full vault unlock (read, KDF, unwrap, decrypt body) vs. the bare KDF.
 * - Encrypt (1 KiB): the engine in process vs. a bare node:crypto AES-256-GCM seal
 *   (crypto/bench-baselines.ts).
 * - Encrypt through the service router (validation + audit record) vs. the engine alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../src-shared/wire.js';
import { bareAesGcmSeal } from '../crypto/bench-baselines.js';
import { randomBytes } from '../crypto/random.js';
import { scrypt } from '../crypto/scrypt.js';
import { createTestEngine } from '../kms/test-harness.js';
import { systemClock } from '../platform/clock.js';
import { createKeywardService } from '../service/service.js';
import { noKeychain } from '../vault/keychain.js';
import { createVault, DEFAULT_KDF, openVaultWithPassphrase } from '../vault/vault.js';
import { fmt, medianMs, rate, row } from './measure.js';

const PASS = 'benchmark passphrase';

function scryptMs(N: number): Promise<number> {
  return medianMs(async () => {
    await scrypt(utf8.encode(PASS), randomBytes(16), 32, { N, r: 8, p: 1 });
  }, 3);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-'));
  try {
    console.log(`Keyward benchmarks (node ${process.version}, ${process.platform}/${process.arch})\n`);

    const kdfDefault = await scryptMs(DEFAULT_KDF.N);
    const kdfSmall = await scryptMs(DEFAULT_KDF.N / 16);
    console.log(row(`KDF scrypt N=2^17 r=8 p=1`, fmt.ms(kdfDefault), `N=2^13 ${fmt.ms(kdfSmall)}`, kdfDefault / kdfSmall));

    const vaultPath = join(dir, 'bench.kwv');
    const handle = await createVault(vaultPath, PASS, new Uint8Array(64 * 1024));
    await handle.lock();
    const unlock = await medianMs(async () => {
      const h = await openVaultWithPassphrase(vaultPath, PASS);
      await h.lock();
    }, 3);
    console.log(row('Vault unlock (64 KiB body)', fmt.ms(unlock), `bare KDF ${fmt.ms(kdfDefault)}`, unlock / kdfDefault));

    const t = createTestEngine();
    const { KeyMetadata } = await t.call('CreateKey', {});
    const plaintext = randomBytes(1024);
    const engine = await rate(() => t.engine.execute('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: plaintext }));
    const key = randomBytes(32);
    const bare = await rate(() => bareAesGcmSeal(key, plaintext));
    console.log(row('Encrypt 1 KiB, engine in process', fmt.ops(engine), `bare AES-GCM ${fmt.ops(bare)}`, engine.opsPerSec / bare.opsPerSec));

    const svc = await createKeywardService({ vaultPath: join(dir, 'svc.kwv'), auditDir: join(dir, 'audit'), clock: systemClock, keychain: noKeychain });
    const caller = { transport: 'ipc' as const, sourceIPAddress: 'bench', userAgent: 'bench' };
    await svc.handle('vault:create', { Passphrase: PASS }, caller);
    const created = await svc.handle('kms:CreateKey', {}, caller);
    const keyId = created.ok ? (created.value as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId : ''; // CreateKey's shape
    const routed = await rate(() => svc.handle('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext }, caller));
    console.log(row('Encrypt 1 KiB via router (validate+audit)', fmt.ops(routed), `engine ${fmt.ops(engine)}`, routed.opsPerSec / engine.opsPerSec));
    const concurrent = await rate(() => Promise.all(Array.from({ length: 16 }, () => svc.handle('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext }, caller))));
    const c16 = { opsPerSec: concurrent.opsPerSec * 16, usPerOp: concurrent.usPerOp / 16 };
    console.log(row('Encrypt 1 KiB via router, 16 concurrent', fmt.ops(c16), `sequential ${fmt.ops(routed)}`, c16.opsPerSec / routed.opsPerSec));
    await svc.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
