/**
 * ML-KEM (FIPS 203) from @noble/post-quantum (not in node:crypto on Node 20 or Electron's
 * BoringSSL). The shared secret is 32 bytes; ciphertexts are 768/1088/1568 bytes.
 * Decapsulation of a malformed-but-well-sized ciphertext returns the implicit-rejection
 * secret (FIPS 203 Algorithm 18), never an error, so it cannot be an oracle.
 */
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { decodeSpki, encodeSpki, OID } from './der.js';
import { aBytes, wipe } from './guards.js';
import { randomBytes } from './random.js';
import type { DerKeyPair } from './rsa.js';

/** ML-KEM parameter sets (FIPS 203 §8): ML-KEM-512, -768, -1024. */
export type MlKemLevel = 512 | 768 | 1024;
const IMPL = { 512: ml_kem512, 768: ml_kem768, 1024: ml_kem1024 } as const;
const OIDS = { 512: OID.mlKem512, 768: OID.mlKem768, 1024: OID.mlKem1024 } as const;
const PUBLIC_BYTES = { 512: 800, 768: 1184, 1024: 1568 } as const;
const SECRET_BYTES = { 512: 1632, 768: 2400, 1024: 3168 } as const;
/** Ciphertext length in bytes per parameter set (FIPS 203 Table 3). */
export const ML_KEM_CIPHERTEXT_BYTES = { 512: 768, 768: 1088, 1024: 1568 } as const;

/** privateKey: the expanded FIPS 203 decapsulation key; publicKey: SPKI DER (RFC 9935). */
export function generateMlKemKeyPair(level: MlKemLevel): DerKeyPair {
  const seed = randomBytes(64);
  try {
    const { secretKey, publicKey } = IMPL[level].keygen(seed);
    return mlKemKeyPairFromRaw(level, secretKey, publicKey);
  } finally {
    wipe(seed);
  }
}

/**
 * The stored form of a FIPS 203 key pair generated elsewhere (the keygen worker, keygen.ts):
 * the decapsulation key as it is, the encapsulation key wrapped in its SPKI. RangeError when
 * either has the wrong length for `level` (FIPS 203 Table 3).
 */
export function mlKemKeyPairFromRaw(level: MlKemLevel, secretKey: Uint8Array, publicKey: Uint8Array): DerKeyPair {
  aBytes(secretKey, 'secretKey', SECRET_BYTES[level]);
  aBytes(publicKey, 'publicKey', PUBLIC_BYTES[level]);
  return { privateKey: secretKey, publicKey: encodeSpki([OIDS[level]], publicKey) };
}

/** The raw FIPS 203 encapsulation key inside an ML-KEM SPKI; RangeError for any other SPKI. */
export function mlKemPublicRaw(level: MlKemLevel, spki: Uint8Array): Uint8Array {
  const raw = decodeSpki(spki, [OIDS[level]], PUBLIC_BYTES[level]);
  if (!raw) throw new RangeError(`"publicKey" is not an ML-KEM-${level} SubjectPublicKeyInfo`);
  return raw;
}

/** ML-KEM.Encaps (FIPS 203 §7.2) to an SPKI: a 32-byte shared secret and its ciphertext. */
export function mlKemEncapsulate(level: MlKemLevel, spki: Uint8Array): { sharedSecret: Uint8Array; ciphertext: Uint8Array } {
  const { cipherText, sharedSecret } = IMPL[level].encapsulate(mlKemPublicRaw(level, spki));
  return { sharedSecret, ciphertext: cipherText };
}

/** Throws RangeError only for a ciphertext of the wrong length. */
export function mlKemDecapsulate(level: MlKemLevel, secretKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  aBytes(ciphertext, 'ciphertext', ML_KEM_CIPHERTEXT_BYTES[level]);
  return IMPL[level].decapsulate(ciphertext, secretKey);
}

export const __TESTS = { IMPL };
