/**
 * AES-GCM (NIST SP 800-38D) over node:crypto: OpenSSL under Node, BoringSSL under Electron,
 * both native and several times faster than a JavaScript AES. Output is ct ‖ tag.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { aBytes } from './guards.js';

/** GCM tag length in bytes (128 bits, SP 800-38D §5.2.1.2). */
export const GCM_TAG_BYTES = 16;
/** The recommended 96-bit IV, in bytes (SP 800-38D §8.2). */
export const GCM_IV_BYTES = 12;
/** OpenSSL's GCM refuses IVs longer than 128 bytes; we say so plainly instead of its generic error. */
export const GCM_IV_MAX_BYTES = 128;

type GcmCipher = 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';

function cipherFor(key: Uint8Array): GcmCipher {
  aBytes(key, 'key', 16, 24, 32);
  return key.length === 16 ? 'aes-128-gcm' : key.length === 24 ? 'aes-192-gcm' : 'aes-256-gcm';
}

function checkIv(iv: Uint8Array): void {
  aBytes(iv, 'iv');
  // SP 800-38D §5.2.1.1: the IV must be non-empty; 12 bytes is the recommended size.
  if (iv.length === 0 || iv.length > GCM_IV_MAX_BYTES) {
    throw new RangeError(`"iv" expected a Uint8Array of 1 to ${GCM_IV_MAX_BYTES} bytes, got length=${iv.length}`);
  }
}

/**
 * AES-GCM encryption (SP 800-38D §7.1) with a 16, 24 or 32-byte key: returns ciphertext ‖
 * 16-byte tag. Throws TypeError/RangeError for a bad key, IV (1 to 128 bytes) or argument.
 */
export function aesGcmSeal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const alg = cipherFor(key);
  checkIv(iv);
  aBytes(plaintext, 'plaintext');
  aBytes(aad, 'aad');
  const cipher = createCipheriv(alg, key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const tag = cipher.getAuthTag();
  const out = new Uint8Array(head.length + tail.length + tag.length);
  out.set(head, 0);
  out.set(tail, head.length);
  out.set(tag, head.length + tail.length);
  return out;
}

/** Returns the plaintext, or throws GcmAuthError when the tag does not verify. */
export function aesGcmOpen(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  const alg = cipherFor(key);
  checkIv(iv);
  aBytes(sealed, 'sealed');
  aBytes(aad, 'aad');
  if (sealed.length < GCM_TAG_BYTES) throw new GcmAuthError();
  const ctLen = sealed.length - GCM_TAG_BYTES;
  const decipher = createDecipheriv(alg, key, iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(ctLen));
  const head = decipher.update(sealed.subarray(0, ctLen));
  let tail: Buffer;
  try {
    tail = decipher.final(); // verifies the tag (OpenSSL compares in constant time)
  } catch {
    head.fill(0);
    throw new GcmAuthError();
  }
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  head.fill(0);
  return out;
}

/** The tag did not verify: a changed ciphertext, IV, AAD or a wrong key (not told apart). */
export class GcmAuthError extends Error {
  override readonly name = 'GcmAuthError';
  constructor() {
    super('AES-GCM authentication failed');
  }
}
