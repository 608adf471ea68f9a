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

/** The cached KeyObject for `der`, parsed by `parse` on first use (the cache entry goes with the buffer). */
function cached(cache: WeakMap<Uint8Array, KeyObject>, der: Uint8Array, label: string, parse: (der: Buffer) => KeyObject): KeyObject {
  aBytes(der, label);
  let key = cache.get(der);
  if (!key) {
    key = parse(Buffer.from(der.buffer, der.byteOffset, der.length));
    cache.set(der, key);
  }
  return key;
}

/** node's KeyObject for a PKCS #8 DER private key, parsed once per buffer. Throws node's error for bad DER. */
export function privateKeyObject(pkcs8: Uint8Array): KeyObject {
  return cached(PRIVATE, pkcs8, 'privateKey', (key) => createPrivateKey({ key, format: 'der', type: 'pkcs8' }));
}

/** node's KeyObject for an SPKI DER public key, parsed once per buffer. Throws node's error for bad DER. */
export function publicKeyObject(spki: Uint8Array): KeyObject {
  return cached(PUBLIC, spki, 'publicKey', (key) => createPublicKey({ key, format: 'der', type: 'spki' }));
}
