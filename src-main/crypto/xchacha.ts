/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03) from @noble/ciphers: the vault file's and
 * the unlock slots' AEAD. A 24-byte nonce makes random nonces safe (§1 of the draft).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { aBytes } from './guards.js';

/** Key, nonce and tag lengths in bytes (draft-irtf-cfrg-xchacha-03 §2). */
export const XCHACHA_KEY_LENGTH = 32;
export const XCHACHA_NONCE_LENGTH = 24;
export const XCHACHA_TAG_LENGTH = 16;

/**
 * Seal `plaintext` under a 32-byte key and a 24-byte nonce, binding `aad`. Returns
 * ciphertext || tag (plaintext length + 16). Throws TypeError/RangeError for bad inputs.
 */
export function xchachaSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
  aBytes(key, 'key', XCHACHA_KEY_LENGTH);
  aBytes(nonce, 'nonce', XCHACHA_NONCE_LENGTH);
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
}

/**
 * Open ciphertext || tag. Throws (noble's Error "invalid tag") when the tag, the key, the
 * nonce or the AAD does not match; callers map that to their own named exception.
 */
export function xchachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
  aBytes(key, 'key', XCHACHA_KEY_LENGTH);
  aBytes(nonce, 'nonce', XCHACHA_NONCE_LENGTH);
  return xchacha20poly1305(key, nonce, aad).decrypt(sealed);
}
