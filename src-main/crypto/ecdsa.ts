/**
 * ECDSA (FIPS 186-5 §6) with DER signatures, as KMS returns them.
 * - NIST P-256/P-384/P-521: node:crypto (native in OpenSSL and BoringSSL) for RAW messages.
 *   node's sign() always hashes, so DIGEST messages go to @noble/curves with prehash off.
 * - secp256k1: @noble/curves always (BoringSSL, and so Electron, lacks the curve).
 * Private keys are PKCS #8 DER and public keys SPKI DER in every case.
 */
import { base64urlnopad } from '@scure/base';
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { decodeSpki, OID, secp256k1Pkcs8, secp256k1ScalarOf, secp256k1Spki } from './der.js';
import { aBytes, wipe } from './guards.js';
import { privateKeyObject, publicKeyObject } from './key-objects.js';
import type { DerKeyPair } from './rsa.js';

/** Curves KMS offers for ECDSA signing (FIPS 186-5, SEC 2 for secp256k1). */
export type EcCurve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';
/** The hash each ECDSA signing algorithm uses (FIPS 180-4). */
export type EcHash = 'sha256' | 'sha384' | 'sha512';

const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1 } as const;
const FIELD_BYTES: Record<EcCurve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };

/** A new EC key pair on `curve` as PKCS #8 and SPKI DER (RFC 5915, RFC 5480). */
export function generateEcKeyPair(curve: EcCurve): DerKeyPair {
  if (curve === 'secp256k1') {
    const { secretKey } = secp256k1.keygen();
    return secp256k1KeyPairFromRaw(secretKey, secp256k1.getPublicKey(secretKey, false)); // uncompressed, as KMS's SPKI carries it
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: curve,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return { privateKey: new Uint8Array(privateKey), publicKey: new Uint8Array(publicKey) };
}

/**
 * PKCS #8 and SPKI DER (RFC 5915, RFC 5480) of a secp256k1 key generated elsewhere (the
 * keygen worker, keygen.ts): the 32-byte scalar, which is wiped, and the 65-byte
 * uncompressed point (SEC 1 §2.3.3). RangeError for other lengths.
 */
export function secp256k1KeyPairFromRaw(secretKey: Uint8Array, point: Uint8Array): DerKeyPair {
  try {
    aBytes(secretKey, 'secretKey', 32);
    aBytes(point, 'publicKey', 65);
    return { privateKey: secp256k1Pkcs8(secretKey, point), publicKey: secp256k1Spki(point) };
  } finally {
    wipe(secretKey);
  }
}

function b64url(s: string | undefined): Uint8Array {
  if (s === undefined) throw new RangeError('"key" has no EC coordinates');
  return base64urlnopad.decode(s); // JWK members are unpadded base64url (RFC 7515 §2)
}

/** The raw secret scalar of a PKCS #8 EC key (for the noble paths). */
function ecScalar(curve: EcCurve, pkcs8: Uint8Array): Uint8Array {
  if (curve === 'secp256k1') return secp256k1ScalarOf(pkcs8);
  const jwk = privateKeyObject(pkcs8).export({ format: 'jwk' });
  return b64url(jwk.d);
}

/** The uncompressed SEC 1 point of an SPKI EC key, checked to be on `curve`. */
export function ecPublicPoint(curve: EcCurve, spki: Uint8Array): Uint8Array {
  aBytes(spki, 'publicKey');
  if (curve === 'secp256k1') {
    const point = decodeSpki(spki, [OID.ecPublicKey, OID.secp256k1], 65);
    if (!point) throw new RangeError('"publicKey" is not a secp256k1 SubjectPublicKeyInfo');
    secp256k1.Point.fromBytes(point).assertValidity();
    return point;
  }
  const key = nistPublicKey(curve, spki);
  const jwk = key.export({ format: 'jwk' });
  const x = b64url(jwk.x);
  const y = b64url(jwk.y);
  const point = new Uint8Array(1 + 2 * FIELD_BYTES[curve]);
  point[0] = 4;
  point.set(x, 1 + FIELD_BYTES[curve] - x.length);
  point.set(y, 1 + 2 * FIELD_BYTES[curve] - y.length);
  return point;
}

const CURVE_OID = { 'P-256': OID.p256, 'P-384': OID.p384, 'P-521': OID.p521 } as const;

/**
 * A NIST-curve public key from SPKI. Only the named-curve form with an uncompressed point
 * (RFC 5480 §2.1.1, §2.2) is accepted: OpenSSL would also take explicit curve parameters,
 * which lets a peer smuggle a modified cofactor or generator (Wycheproof ecdh tcId 359, 361).
 */
export function nistPublicKey(curve: Exclude<EcCurve, 'secp256k1'>, spki: Uint8Array): KeyObject {
  if (!decodeSpki(spki, [OID.ecPublicKey, CURVE_OID[curve]], 1 + 2 * FIELD_BYTES[curve])) {
    throw new RangeError(`"publicKey" is not a named-curve ${curve} SubjectPublicKeyInfo with an uncompressed point`);
  }
  const key = publicKeyObject(spki);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== NODE_CURVE[curve]) {
    throw new RangeError(`"publicKey" is not a ${curve} public key`);
  }
  return key;
}

/** node reports OpenSSL curve names in asymmetricKeyDetails. */
const NODE_CURVE: Record<Exclude<EcCurve, 'secp256k1'>, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

/**
 * ECDSA signature (FIPS 186-5 §6.4) as DER Ecdsa-Sig-Value (RFC 3279), over the message
 * (hashed with `hash`) or, with `isDigest`, over a digest of the hash's length. Throws
 * TypeError for non-byte arguments, and node's or noble's error for a malformed key.
 */
export function ecdsaSign(curve: EcCurve, hash: EcHash, pkcs8: Uint8Array, message: Uint8Array, isDigest: boolean): Uint8Array {
  aBytes(pkcs8, 'privateKey');
  aBytes(message, 'message');
  if (curve !== 'secp256k1' && !isDigest) {
    return new Uint8Array(sign(hash, message, { key: privateKeyObject(pkcs8), dsaEncoding: 'der' }));
  }
  const d = ecScalar(curve, pkcs8);
  try {
    const noble = NOBLE[curve];
    // secp256k1 RAW: noble hashes with its curve hash (SHA-256), which is ECDSA_SHA_256's hash.
    const prehash = curve === 'secp256k1' && !isDigest;
    return noble.sign(message, d, { prehash, format: 'der', lowS: false });
  } finally {
    wipe(d);
  }
}

/** True when valid; false for a malformed signature or key. High-S signatures are valid (FIPS 186-5 does not forbid them). */
export function ecdsaVerify(curve: EcCurve, hash: EcHash, spki: Uint8Array, message: Uint8Array, isDigest: boolean, signature: Uint8Array): boolean {
  aBytes(message, 'message');
  aBytes(signature, 'signature');
  try {
    if (curve !== 'secp256k1' && !isDigest) {
      return verify(hash, message, { key: nistPublicKey(curve, spki), dsaEncoding: 'der' }, signature);
    }
    const point = ecPublicPoint(curve, spki);
    return NOBLE[curve].verify(signature, message, point, { prehash: curve === 'secp256k1' && !isDigest, format: 'der', lowS: false });
  } catch {
    return false;
  }
}

export const __TESTS = { ecScalar };
