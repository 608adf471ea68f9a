/**
 * The key generation worker's source (run by keygen.ts with `new Worker(source, { eval: true })`,
 * https://nodejs.org/api/worker_threads.html#new-workerfilename-options). It is plain
 * CommonJS text so that it runs the same from the TypeScript sources (tests) and from the
 * bundled app, which has no separate worker file; `workerData` carries the absolute paths of
 * the @noble modules it loads.
 *
 * Protocol: the worker receives `{ id, kind }` and answers `{ id, secret, pub }` (both
 * transferred, each in its own ArrayBuffer; the worker's copies are zeroed) or `{ id, error }`.
 * - P-256/384/521 and Ed25519: node:crypto's generateKeyPairSync, PKCS #8 and SPKI DER.
 * - secp256k1: @noble/curves, the 32-byte scalar and the 65-byte uncompressed point.
 * - ML-DSA (FIPS 204) from a 32-byte seed, ML-KEM (FIPS 203) from a 64-byte seed, both from
 *   node's CSPRNG as ml-dsa.ts and ml-kem.ts do: the secret key and the raw public key.
 */
import type { EcCurve } from './ecdsa.js';
import type { MlDsaLevel } from './ml-dsa.js';
import type { MlKemLevel } from './ml-kem.js';

/** The families the worker generates (RSA runs on libuv's threadpool instead). */
export type WorkerKind =
  | { family: 'ec'; curve: EcCurve }
  | { family: 'ed25519' }
  | { family: 'ml-dsa'; level: MlDsaLevel }
  | { family: 'ml-kem'; level: MlKemLevel };

/** The worker's code; see the protocol above. */
export const KEYGEN_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { generateKeyPairSync, randomBytes } = require('node:crypto');
const { pathToFileURL } = require('node:url');
const modules = new Map();
function load(name) {
  if (!modules.has(name)) modules.set(name, import(pathToFileURL(workerData[name]).href));
  return modules.get(name);
}
function copy(b) {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}
function take(b) {
  const out = copy(b);
  b.fill(0);
  return out;
}
const DER = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } };
function seeded(impl, bytes) {
  const seed = randomBytes(bytes);
  try {
    const k = impl.keygen(seed);
    return [take(k.secretKey), copy(k.publicKey)];
  } finally {
    seed.fill(0);
  }
}
async function generate(kind) {
  switch (kind.family) {
    case 'ed25519': {
      const p = generateKeyPairSync('ed25519', DER);
      return [take(p.privateKey), copy(p.publicKey)];
    }
    case 'ec': {
      if (kind.curve !== 'secp256k1') {
        const p = generateKeyPairSync('ec', { namedCurve: kind.curve, ...DER });
        return [take(p.privateKey), copy(p.publicKey)];
      }
      const { secp256k1 } = await load('secp256k1');
      const { secretKey } = secp256k1.keygen();
      const point = secp256k1.getPublicKey(secretKey, false);
      return [take(secretKey), copy(point)];
    }
    case 'ml-dsa':
      return seeded((await load('mlDsa'))['ml_dsa' + kind.level], 32);
    case 'ml-kem':
      return seeded((await load('mlKem'))['ml_kem' + kind.level], 64);
    default:
      throw new Error('no generator for ' + String(kind.family));
  }
}
parentPort.on('message', (m) => {
  generate(m.kind).then(
    ([secret, pub]) => parentPort.postMessage({ id: m.id, secret, pub }, [secret.buffer, pub.buffer]),
    (e) => parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) }),
  );
});
`;
