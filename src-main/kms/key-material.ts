/**
 * New key material for every spec the catalogue offers, and the family dispatch the
 * operations use. One place maps a KeySpec to its primitive (src-main/crypto/*).
 */
import type { DataKeyPairSpec, KeySpec, SigningAlgorithmSpec } from '../../src-shared/kms/enums.js';
import { SIGNING_ALGORITHM_INFO } from '../../src-shared/kms/catalogue.js';
import { ecdsaSign, ecdsaVerify, type EcCurve, type EcHash } from '../crypto/ecdsa.js';
import { ed25519phSign, ed25519phVerify, ed25519Sign, ed25519Verify } from '../crypto/ed25519.js';
import { wipe } from '../crypto/guards.js';
import { generateKeyPairOffThread, type KeygenLane, type KeyPairKind } from '../crypto/keygen.js';
import { mlDsaSign, mlDsaVerify, type MlDsaLevel } from '../crypto/ml-dsa.js';
import { type MlKemLevel } from '../crypto/ml-kem.js';
import { randomBytes } from '../crypto/random.js';
import { rsaPrivateKey, rsaPublicKey, rsaSign, rsaVerify, type DerKeyPair, type RsaHash } from '../crypto/rsa.js';

/** Key specs per family and their parameters (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html). */
export const EC_CURVE: Partial<Record<KeySpec, EcCurve>> = {
  ECC_NIST_P256: 'P-256', ECC_NIST_P384: 'P-384', ECC_NIST_P521: 'P-521', ECC_SECG_P256K1: 'secp256k1',
};
export const RSA_BITS: Partial<Record<KeySpec, 2048 | 3072 | 4096>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
export const ML_DSA_LEVEL: Partial<Record<KeySpec, MlDsaLevel>> = { ML_DSA_44: 44, ML_DSA_65: 65, ML_DSA_87: 87 };
export const ML_KEM_LEVEL: Partial<Record<KeySpec, MlKemLevel>> = { ML_KEM_512: 512, ML_KEM_768: 768, ML_KEM_1024: 1024 };
const HMAC_BYTES: Partial<Record<KeySpec, number>> = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 };

/** Fresh key material: the secret (DER or raw, see MaterialVersion.bytes) and, for asymmetric keys, the SPKI. */
export interface NewMaterial {
  bytes: Uint8Array;
  publicKey?: Uint8Array;
}

/** The generator's description of a spec's key pair; undefined for AES, HMAC and specs not offered (SM2). */
function keyPairKind(spec: KeySpec | DataKeyPairSpec): KeyPairKind | undefined {
  const bits = RSA_BITS[spec as KeySpec]; // DataKeyPairSpec values are KeySpec spellings
  if (bits) return { family: 'rsa', bits };
  const curve = EC_CURVE[spec as KeySpec]; // as above
  if (curve) return { family: 'ec', curve };
  if (spec === 'ECC_NIST_EDWARDS25519') return { family: 'ed25519' };
  const dsa = ML_DSA_LEVEL[spec as KeySpec]; // as above
  if (dsa) return { family: 'ml-dsa', level: dsa };
  const kem = ML_KEM_LEVEL[spec as KeySpec]; // as above
  if (kem) return { family: 'ml-kem', level: kem };
  return undefined;
}

/** True when `spec` is generated as a key pair (RSA, ECC, ML-DSA, ML-KEM); false for AES, HMAC and SM2. */
export function hasKeyPair(spec: KeySpec | DataKeyPairSpec): boolean {
  return keyPairKind(spec) !== undefined;
}

/** The lane of generations the engine starts itself (a call that was not prepared). */
const ENGINE_LANE: KeygenLane = { id: 'engine', reserved: false };

/**
 * A key pair for an asymmetric spec (KMS key or data key pair), generated off the main thread
 * (crypto/keygen.ts) in `lane`'s turn; lanes are callers, served round robin. RangeError for
 * a spec without a key pair.
 */
export function generateKeyPairFor(spec: KeySpec | DataKeyPairSpec, lane: KeygenLane = ENGINE_LANE): Promise<DerKeyPair> {
  const kind = keyPairKind(spec);
  if (!kind) return Promise.reject(new RangeError(`no key pair generator for ${spec}`));
  return generateKeyPairOffThread(kind, lane);
}

/**
 * New material for a KMS key of `spec`: 32 random bytes for AES, the key size for HMAC, a
 * key pair otherwise: `prepared` (generated before the call, see prepared.ts) when given,
 * else a new one.
 */
export async function generateMaterialFor(spec: KeySpec, prepared?: DerKeyPair): Promise<NewMaterial> {
  if (spec === 'SYMMETRIC_DEFAULT') return { bytes: randomBytes(32) };
  const hmacBytes = HMAC_BYTES[spec];
  if (hmacBytes) return { bytes: randomBytes(hmacBytes) };
  const pair = prepared ?? (await generateKeyPairFor(spec));
  return { bytes: pair.privateKey, publicKey: pair.publicKey };
}

/**
 * A key pair generated for one call before the call reached the engine (engine.prepare, run
 * by the router outside its mutex). The engine takes it once, for the spec it was made for;
 * whatever is not taken is wiped by `dispose` when the call is over (refused, failed or done).
 */
export class PreparedKeyPair {
  private pair: DerKeyPair | undefined;

  constructor(
    readonly spec: KeySpec | DataKeyPairSpec,
    pair: DerKeyPair,
  ) {
    this.pair = pair;
  }

  /** The pair, once, if it was made for `spec`; the caller owns it from then on. */
  take(spec: KeySpec | DataKeyPairSpec): DerKeyPair | undefined {
    if (spec !== this.spec) return undefined;
    const pair = this.pair;
    this.pair = undefined;
    return pair;
  }

  /** Zero the private key if it was never taken. Idempotent. */
  dispose(): void {
    if (this.pair) wipe(this.pair.privateKey);
    this.pair = undefined;
  }
}

const HASH: Record<'SHA-256' | 'SHA-384' | 'SHA-512', RsaHash & EcHash> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function shaOf(algorithm: SigningAlgorithmSpec): RsaHash & EcHash {
  const h = SIGNING_ALGORITHM_INFO[algorithm].hash;
  if (h === 'SHA-256' || h === 'SHA-384' || h === 'SHA-512') return HASH[h];
  throw new RangeError(`${algorithm} has no SHA-2 hash`);
}

/**
 * Sign with a key's private material. `isDigest` is MessageType DIGEST (or EXTERNAL_MU for
 * ML-DSA). The algorithm and message type were checked against the catalogue by the caller.
 */
export function signWith(spec: KeySpec, privateKey: Uint8Array, algorithm: SigningAlgorithmSpec, message: Uint8Array, isDigest: boolean): Uint8Array {
  if (RSA_BITS[spec]) {
    return rsaSign(rsaPrivateKey(privateKey), algorithm.startsWith('RSASSA_PSS') ? 'PSS' : 'PKCS1', shaOf(algorithm), message, isDigest);
  }
  const curve = EC_CURVE[spec];
  if (curve) return ecdsaSign(curve, shaOf(algorithm), privateKey, message, isDigest);
  if (spec === 'ECC_NIST_EDWARDS25519') {
    return algorithm === 'ED25519_PH_SHA_512' ? ed25519phSign(privateKey, message) : ed25519Sign(privateKey, message);
  }
  const dsa = ML_DSA_LEVEL[spec];
  if (dsa) return mlDsaSign(dsa, privateKey, message, isDigest);
  throw new RangeError(`${spec} cannot sign`);
}

/** Verify a signature with a key's SPKI for its spec and algorithm; false when invalid. RangeError for a spec that cannot sign. */
export function verifyWith(spec: KeySpec, publicKey: Uint8Array, algorithm: SigningAlgorithmSpec, message: Uint8Array, isDigest: boolean, signature: Uint8Array): boolean {
  if (RSA_BITS[spec]) {
    return rsaVerify(rsaPublicKey(publicKey), algorithm.startsWith('RSASSA_PSS') ? 'PSS' : 'PKCS1', shaOf(algorithm), message, isDigest, signature);
  }
  const curve = EC_CURVE[spec];
  if (curve) return ecdsaVerify(curve, shaOf(algorithm), publicKey, message, isDigest, signature);
  if (spec === 'ECC_NIST_EDWARDS25519') {
    return algorithm === 'ED25519_PH_SHA_512' ? ed25519phVerify(publicKey, message, signature) : ed25519Verify(publicKey, message, signature);
  }
  const dsa = ML_DSA_LEVEL[spec];
  if (dsa) return mlDsaVerify(dsa, publicKey, message, isDigest, signature);
  throw new RangeError(`${spec} cannot verify`);
}
