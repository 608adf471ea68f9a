/**
 * Sign and verify ops/s for every signing spec through the engine, each beside the bare
 * library on the same algorithm in the same run (crypto/bench-baselines.ts: node:crypto, or
 * noble where node lacks it), as a ratio engine/library.
 * Run: npx tsx src-main/bench/keytypes.ts  (RAW messages of 1 KiB; ED25519_PH: 64-byte digest)
 */
import { CATALOGUE } from '../../src-shared/kms/catalogue.js';
import { KEY_SPECS, type KeySpec } from '../../src-shared/kms/enums.js';
import { sha512, signingBaseline } from '../crypto/bench-baselines.js';
import { createTestEngine } from '../kms/test-harness.js';
import { fmt, rate, row } from './measure.js';

const MS = Number(process.env.BENCH_MS ?? 700);
const message = new Uint8Array(1024).fill(7);

async function main(): Promise<void> {
  console.log(`Keyward key-type benchmarks (node ${process.version}, ${process.platform}/${process.arch}); ratio = engine / library\n`);
  const t = createTestEngine();
  const specs = KEY_SPECS.filter((s): s is KeySpec => CATALOGUE[s].offered && CATALOGUE[s].usages.some((u) => u.usage === 'SIGN_VERIFY'));
  for (const spec of specs) {
    const { KeyMetadata: md } = await t.call('CreateKey', { KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
    const material = t.state.keys.get(md.KeyId)!.materials[0]!; // bench-only: the library baseline signs with the same key
    for (const alg of md.SigningAlgorithms ?? []) {
      const isPh = alg === 'ED25519_PH_SHA_512';
      const input = isPh ? sha512(message) : message;
      const MessageType = isPh ? 'DIGEST' : 'RAW';
      const lib = signingBaseline(spec, alg, material, message);
      const sig = new Uint8Array((await t.call('Sign', { KeyId: md.KeyId, Message: input, MessageType, SigningAlgorithm: alg })).Signature);
      if (!lib.verify(sig)) throw new Error(`${spec} ${alg}: the library refused the engine's signature`);
      const engineSign = await rate(() => t.engine.execute('Sign', { KeyId: md.KeyId, Message: input, MessageType, SigningAlgorithm: alg }), MS);
      const libSign = await rate(lib.sign, MS);
      const libSig = lib.sign();
      const engineVerify = await rate(() => t.engine.execute('Verify', { KeyId: md.KeyId, Message: input, MessageType, Signature: new Uint8Array(sig), SigningAlgorithm: alg }), MS);
      const libVerify = await rate(() => lib.verify(libSig), MS);
      console.log(row(`${spec} ${alg} sign`, fmt.ops(engineSign), `${lib.name} ${fmt.ops(libSign)}`, engineSign.opsPerSec / libSign.opsPerSec));
      console.log(row(`${spec} ${alg} verify`, fmt.ops(engineVerify), `${lib.name} ${fmt.ops(libVerify)}`, engineVerify.opsPerSec / libVerify.opsPerSec));
    }
  }
}

await main();
