/**
 * Parsed node:crypto KeyObjects for DER keys, cached per buffer. OpenSSL 3 decodes a
 * PKCS #8 EC key in about a millisecond, fifteen times a P-256 signature, so the engine
 * would spend most of each Sign parsing. The cache is a WeakMap keyed by the material's
 * own Uint8Array: when locking drops (and zeroes) the material, the entry goes with it,
 * and OpenSSL clears private components when it frees the key (BN_clear_free).
 * A buffer must not be changed in place while cached; material never is, it is only wiped.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { aBytes } from './guards.js';

const PRIVATE = new WeakMap<Uint8Array, KeyObject>();
const PUBLIC = new WeakMap<Uint8Array, KeyObject>();

/** node's KeyObject for a PKCS #8 DER private key, parsed once per buffer. Throws node's error for bad DER. */
export function privateKeyObject(pkcs8: Uint8Array): KeyObject {
  aBytes(pkcs8, 'privateKey');
  let key = PRIVATE.get(pkcs8);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.length), format: 'der', type: 'pkcs8' });
    PRIVATE.set(pkcs8, key);
  }
  return key;
}

/** node's KeyObject for an SPKI DER public key, parsed once per buffer. Throws node's error for bad DER. */
export function publicKeyObject(spki: Uint8Array): KeyObject {
  aBytes(spki, 'publicKey');
  let key = PUBLIC.get(spki);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.length), format: 'der', type: 'spki' });
    PUBLIC.set(spki, key);
  }
  return key;
}
