/**
 * Raw ECDH (SP 800-56A §5.7.1.2, the x-coordinate of d·Q) on the NIST curves, over
 * node:crypto (native in OpenSSL and BoringSSL). KMS's DeriveSharedSecret returns this
 * raw secret; callers run their own KDF. The peer key arrives as DER SPKI and must be on
 * the same curve (OpenSSL checks the point is on the curve when it decodes it).
 */
import { diffieHellman } from 'node:crypto';
import { nistPublicKey } from './ecdsa.js';
import { aBytes } from './guards.js';
import { privateKeyObject } from './key-objects.js';

/** NIST curves KMS offers for KEY_AGREEMENT (FIPS 186-5). */
export type EcdhCurve = 'P-256' | 'P-384' | 'P-521';

/** Throws RangeError when the peer key is not a valid SPKI point on `curve`. */
export function ecdhDerive(curve: EcdhCurve, pkcs8: Uint8Array, peerSpki: Uint8Array): Uint8Array {
  aBytes(pkcs8, 'privateKey');
  aBytes(peerSpki, 'publicKey');
  let publicKey;
  try {
    publicKey = nistPublicKey(curve, peerSpki);
  } catch {
    throw new RangeError(`"publicKey" is not a valid ${curve} SubjectPublicKeyInfo`);
  }
  const privateKey = privateKeyObject(pkcs8);
  try {
    return new Uint8Array(diffieHellman({ privateKey, publicKey }));
  } catch {
    throw new RangeError(`"publicKey" is not a valid ${curve} point`);
  }
}
