/** HMAC (RFC 2104, FIPS 198-1) over node:crypto, native in OpenSSL and BoringSSL. */
import { createHmac } from 'node:crypto';
import { aBytes } from './guards.js';
import { equalBytes } from './random.js';

/** SHA-2 hashes KMS's HMAC key specs use (FIPS 180-4). */
export type HmacHash = 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** HMAC (RFC 2104) of `message` under `key` with `hash`; the full-length tag. TypeError for non-bytes. */
export function hmac(hash: HmacHash, key: Uint8Array, message: Uint8Array): Uint8Array {
  aBytes(key, 'key');
  aBytes(message, 'message');
  return new Uint8Array(createHmac(hash, key).update(message).digest());
}

/** Constant-time comparison of the full tag; a truncated or longer tag is refused. */
export function hmacVerify(hash: HmacHash, key: Uint8Array, message: Uint8Array, mac: Uint8Array): boolean {
  aBytes(mac, 'mac');
  return equalBytes(hmac(hash, key, message), mac);
}

/** HMAC-SHA-256 of a message given as bytes or UTF-8 text (SigV4 key derivation, key checks). */
export function hmacSha256(key: Uint8Array, message: Uint8Array | string): Uint8Array {
  aBytes(key, 'key');
  const d = createHmac('sha256', key).update(message).digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}
