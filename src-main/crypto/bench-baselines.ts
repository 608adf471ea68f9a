/**
 * Library baselines for the benchmarks (src-main/bench/): the same primitive called bare,
 * straight on node:crypto or @noble/*, with no engine around it, so a benchmark prints
 * engine / library as a ratio measured in one run. Never used by the app.
 */
import { constants, createCipheriv, createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { SIGNING_ALGORITHM_INFO } from '../../src-shared/kms/catalogue.js';
import type { KeySpec, SigningAlgorithmSpec } from '../../src-shared/kms/enums.js';
import { secp256k1ScalarOf } from './der.js';
import { mlDsaPublicRaw } from './ml-dsa.js';
import { randomBytes } from './random.js';

/** A library's sign and verify over one fixed message, and the library's name. */
export interface SigningBaseline {
  name: string;
  sign: () => Uint8Array;
  verify: (signature: Uint8Array) => boolean;
}

/** A key's material as the engine stores it: PKCS #8 (or raw ML-DSA secret key) and SPKI. */
export interface BaselineMaterial {
  bytes: Uint8Array;
  publicKey?: Uint8Array | undefined;
}

const der = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.length);

function nodeBaseline(alg: SigningAlgorithmSpec, priv: KeyObject, pub: KeyObject, message: Uint8Array): SigningBaseline {
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

/**
 * The bare library for a signing algorithm of `spec`, signing `message` (RAW; for
 * ED25519_PH_SHA_512 the message, which Ed25519ph hashes itself) with the same key as the
 * engine: node:crypto, or @noble where node lacks it (secp256k1 under Electron's
 * BoringSSL, Ed25519ph, ML-DSA).
 */
export function signingBaseline(spec: KeySpec, alg: SigningAlgorithmSpec, material: BaselineMaterial, message: Uint8Array): SigningBaseline {
  if (spec === 'ECC_SECG_P256K1') {
    const d = secp256k1ScalarOf(material.bytes);
    const q = secp256k1.getPublicKey(d, false);
    return { name: '@noble/curves', sign: () => secp256k1.sign(message, d, { format: 'der', lowS: false }), verify: (s) => secp256k1.verify(s, message, q, { format: 'der', lowS: false }) };
  }
  if (alg === 'ED25519_PH_SHA_512') {
    const seed = material.bytes.slice(-32);
    const q = ed25519ph.getPublicKey(seed);
    return { name: '@noble/curves', sign: () => ed25519ph.sign(message, seed), verify: (s) => ed25519ph.verify(s, message, q, { zip215: false }) };
  }
  if (spec.startsWith('ML_DSA')) {
    const level = Number(spec.slice(7)) as 44 | 65 | 87; // ML_DSA_44/65/87
    const impl = level === 44 ? ml_dsa44 : level === 65 ? ml_dsa65 : ml_dsa87;
    const pk = mlDsaPublicRaw(level, material.publicKey!); // asymmetric material always has its SPKI
    return { name: '@noble/post-quantum', sign: () => impl.sign(message, material.bytes), verify: (s) => impl.verify(s, message, pk) };
  }
  const priv = createPrivateKey({ key: der(material.bytes), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey({ key: der(material.publicKey!), format: 'der', type: 'spki' }); // as above
  return nodeBaseline(alg, priv, pub, message);
}

/** SHA-512 (FIPS 180-4) of a message: the Ed25519ph prehash the benchmark passes as DIGEST. */
export function sha512(message: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha512').update(message).digest());
}

/** One bare node:crypto AES-256-GCM seal (random 12-byte IV, no AAD); returns the 16-byte tag. */
export function bareAesGcmSeal(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
  c.update(plaintext);
  c.final();
  return new Uint8Array(c.getAuthTag());
}
