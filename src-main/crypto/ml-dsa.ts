/**
 * ML-DSA (FIPS 204) from @noble/post-quantum: neither OpenSSL 3.0 (Node 20) nor
 * BoringSSL in Electron exposes it through node:crypto. Keys: the expanded secret key and
 * the raw public key; SPKI per RFC 9881 (id-ml-dsa-*, no parameters, raw key in the BIT STRING).
 * RAW is pure ML-DSA with an empty context (FIPS 204 Algorithm 2), as KMS signs;
 * EXTERNAL_MU takes the 64-byte μ (FIPS 204 Algorithm 7 line 6) from the caller.
 */
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { decodeSpki, encodeSpki, OID } from './der.js';
import { aBytes, wipe } from './guards.js';
import { randomBytes } from './random.js';
import type { DerKeyPair } from './rsa.js';

/** ML-DSA parameter sets (FIPS 204 §4): ML-DSA-44, -65, -87. */
export type MlDsaLevel = 44 | 65 | 87;
const IMPL = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 } as const;
const OIDS = { 44: OID.mlDsa44, 65: OID.mlDsa65, 87: OID.mlDsa87 } as const;
const PUBLIC_BYTES = { 44: 1312, 65: 1952, 87: 2592 } as const;
const SECRET_BYTES = { 44: 2560, 65: 4032, 87: 4896 } as const;

/** privateKey: the expanded FIPS 204 secret key; publicKey: SPKI DER. */
export function generateMlDsaKeyPair(level: MlDsaLevel): DerKeyPair {
  const seed = randomBytes(32);
  try {
    const { secretKey, publicKey } = IMPL[level].keygen(seed);
    return mlDsaKeyPairFromRaw(level, secretKey, publicKey);
  } finally {
    wipe(seed);
  }
}

/**
 * The stored form of a FIPS 204 key pair generated elsewhere (the keygen worker, keygen.ts):
 * the expanded secret key as it is, the raw public key wrapped in its SPKI. RangeError when
 * either has the wrong length for `level` (FIPS 204 Table 2).
 */
export function mlDsaKeyPairFromRaw(level: MlDsaLevel, secretKey: Uint8Array, publicKey: Uint8Array): DerKeyPair {
  aBytes(secretKey, 'secretKey', SECRET_BYTES[level]);
  aBytes(publicKey, 'publicKey', PUBLIC_BYTES[level]);
  return { privateKey: secretKey, publicKey: encodeSpki([OIDS[level]], publicKey) };
}

/** The raw FIPS 204 public key inside an ML-DSA SPKI; RangeError for any other SPKI. */
export function mlDsaPublicRaw(level: MlDsaLevel, spki: Uint8Array): Uint8Array {
  const raw = decodeSpki(spki, [OIDS[level]], PUBLIC_BYTES[level]);
  if (!raw) throw new RangeError(`"publicKey" is not an ML-DSA-${level} SubjectPublicKeyInfo`);
  return raw;
}

/** ML-DSA signature (FIPS 204 §5.2, empty context) over the message, or with `externalMu` over a 64-byte μ (§6.2). */
export function mlDsaSign(level: MlDsaLevel, secretKey: Uint8Array, message: Uint8Array, externalMu: boolean): Uint8Array {
  aBytes(message, 'message');
  if (externalMu) {
    aBytes(message, 'mu', 64);
    return IMPL[level].internal.sign(message, secretKey, { externalMu: true });
  }
  return IMPL[level].sign(message, secretKey);
}

/** ML-DSA verification (FIPS 204 §5.3) against an SPKI; false for any malformed input. */
export function mlDsaVerify(level: MlDsaLevel, spki: Uint8Array, message: Uint8Array, externalMu: boolean, signature: Uint8Array): boolean {
  try {
    const pk = mlDsaPublicRaw(level, spki);
    if (externalMu) return message.length === 64 && IMPL[level].internal.verify(signature, message, pk, { externalMu: true });
    return IMPL[level].verify(signature, message, pk);
  } catch {
    return false;
  }
}

/** Verify with the raw public key and a context (FIPS 204 Algorithm 3), for the Wycheproof vectors. */
export function mlDsaVerifyRaw(level: MlDsaLevel, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, context?: Uint8Array): boolean {
  try {
    return IMPL[level].verify(signature, message, publicKey, context ? { context } : {});
  } catch {
    return false;
  }
}

/** An ML-DSA SPKI around a raw FIPS 204 public key. */
export function mlDsaSpkiFromRaw(level: MlDsaLevel, raw: Uint8Array): Uint8Array {
  return encodeSpki([OIDS[level]], raw);
}
