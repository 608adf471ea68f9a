/**
 * Sign and verify ops/s for every signing spec through the engine, each beside the bare
 * library on the same algorithm in the same run (node:crypto, or noble where node lacks
 * it: secp256k1 under Electron's BoringSSL, Ed25519ph, ML-DSA), as a ratio engine/library.
 * Run: npx tsx src-main/bench/keytypes.ts  (RAW messages of 1 KiB; ED25519_PH: 64-byte digest)
 */
import { constants, createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { CATALOGUE, SIGNING_ALGORITHM_INFO } from '../../src-shared/kms/catalogue.js';
import { KEY_SPECS, type KeySpec, type SigningAlgorithmSpec } from '../../src-shared/kms/enums.js';
import { secp256k1ScalarOf } from '../crypto/der.js';
import { mlDsaPublicRaw } from '../crypto/ml-dsa.js';
import { createTestEngine } from '../kms/test-harness.js';
import { fmt, rate, row } from './measure.js';

const MS = Number(process.env.BENCH_MS ?? 700);
const message = new Uint8Array(1024).fill(7);

type Lib = { sign: () => Uint8Array; verify: (sig: Uint8Array) => boolean; name: string };

function nodeLib(alg: SigningAlgorithmSpec, priv: KeyObject, pub: KeyObject): Lib {
  const info = SIGNING_ALGORITHM_INFO[alg];
  const hash = alg.startsWith('ED25519') ? null : info.hash.replace('SHA-', 'sha');
  const extra = alg.startsWith('RSASSA_PSS') ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: info.digestBytes }
    : alg.startsWith('ECDSA') ? { dsaEncoding: 'der' as const } : {};
  return {
    name: 'node:crypto',
    sign: () => sign(hash, message, { key: priv, ...extra }),
    verify: (sig) => verify(hash, message, { key: pub, ...extra }, sig),
  };
}

async function main(): Promise<void> {
  console.log(`Keyward key-type benchmarks (node ${process.version}, ${process.platform}/${process.arch}); ratio = engine / library\n`);
  const t = createTestEngine();
  const specs = KEY_SPECS.filter((s): s is KeySpec => CATALOGUE[s].offered && CATALOGUE[s].usages.some((u) => u.usage === 'SIGN_VERIFY'));
  for (const spec of specs) {
    const { KeyMetadata: md } = await t.call('CreateKey', { KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
    const material = t.state.keys.get(md.KeyId)!.materials[0]!; // bench-only: the library baseline signs with the same key
    for (const alg of md.SigningAlgorithms ?? []) {
      const isPh = alg === 'ED25519_PH_SHA_512';
      const input = isPh ? new Uint8Array(createHash('sha512').update(message).digest()) : message;
      const MessageType = isPh ? 'DIGEST' : 'RAW';
      let lib: Lib;
      if (spec === 'ECC_SECG_P256K1') {
        const d = secp256k1ScalarOf(material.bytes);
        const q = secp256k1.getPublicKey(d, false);
        lib = { name: '@noble/curves', sign: () => secp256k1.sign(message, d, { format: 'der', lowS: false }), verify: (s) => secp256k1.verify(s, message, q, { format: 'der', lowS: false }) };
      } else if (isPh) {
        const seed = material.bytes.slice(-32);
        const q = ed25519ph.getPublicKey(seed);
        lib = { name: '@noble/curves', sign: () => ed25519ph.sign(message, seed), verify: (s) => ed25519ph.verify(s, message, q, { zip215: false }) };
      } else if (spec.startsWith('ML_DSA')) {
        const level = Number(spec.slice(7)) as 44 | 65 | 87; // ML_DSA_44/65/87
        const impl = level === 44 ? ml_dsa44 : level === 65 ? ml_dsa65 : ml_dsa87;
        const pk = mlDsaPublicRaw(level, material.publicKey!);
        lib = { name: '@noble/post-quantum', sign: () => impl.sign(message, material.bytes), verify: (s) => impl.verify(s, message, pk) };
      } else {
        const priv = createPrivateKey({ key: Buffer.from(material.bytes), format: 'der', type: 'pkcs8' });
        const pub = createPublicKey({ key: Buffer.from(material.publicKey!), format: 'der', type: 'spki' });
        lib = nodeLib(alg, priv, pub);
      }
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
