/**
 * Unlock slots: each one wraps the same 32-byte vault key.
 *
 * - passphrase: KEK = scrypt(NFC(passphrase), salt, N, r, p) (kdf.ts), then
 *   XChaCha20-Poly1305(KEK, nonce, AAD).encrypt(vaultKey). The AAD binds the slot to its
 *   vault and to its own parameters: "keyward-vault/v1/slot" 0 vaultId 0 "passphrase" 0
 *   "scrypt" 0 "N,r,p" 0 salt. A slot copied from another vault, or with edited
 *   parameters, fails authentication.
 * - keychain: blob = Keychain.protect(vaultKey, vaultId); the backend name is recorded.
 *   Linux's `basic_text` is plain text and never counts as a keychain (keychain.ts).
 */
import { hmacSha256 } from '../crypto/hmac.js';
import { equalBytes, randomBytes } from '../crypto/random.js';
import { xchachaOpen, xchachaSeal } from '../crypto/xchacha.js';
import { KeychainUnavailableException, type KeywardError } from '../../src-shared/kms/errors.js';
import type { Keychain, KeychainStatus } from './keychain.js';
import { deriveKek, type KdfParams, SALT_LENGTH } from './kdf.js';
import {
  fromB64, type KeychainSlot, NONCE_LENGTH, type PassphraseSlot, toB64, VAULT_KEY_LENGTH, type VaultHeader,
} from './format.js';

const te = new TextEncoder();

function passphraseSlotAad(vaultId: string, kdf: KdfParams, salt: Uint8Array): Uint8Array {
  const label = te.encode(`keyward-vault/v1/slot\0${vaultId}\0passphrase\0scrypt\0${kdf.N},${kdf.r},${kdf.p}\0`);
  const out = new Uint8Array(label.length + salt.length);
  out.set(label, 0);
  out.set(salt, label.length);
  return out;
}

/** Decode a base64 field the header schema has already checked. */
function b(s: string): Uint8Array {
  const v = fromB64(s);
  if (!v) throw new Error('unreachable: header field was not base64');
  return v;
}

/** HMAC-SHA-256(vaultKey, "keyward-vault/v1/key-check" 0 vaultId): tells a right key from a wrong one. */
export function keyCheckOf(vaultId: string, vaultKey: Uint8Array): string {
  return toB64(hmacSha256(vaultKey, `keyward-vault/v1/key-check\0${vaultId}`));
}

/** Constant-time comparison of a candidate key against the header's keyCheck. */
export function keyMatches(header: VaultHeader, vaultKey: Uint8Array): boolean {
  if (vaultKey.length !== VAULT_KEY_LENGTH) return false;
  const want = b(header.keyCheck);
  const got = b(keyCheckOf(header.vaultId, vaultKey));
  return equalBytes(want, got);
}

export async function makePassphraseSlot(
  vaultId: string,
  vaultKey: Uint8Array,
  passphrase: string,
  kdf: KdfParams,
): Promise<PassphraseSlot> {
  const salt = randomBytes(SALT_LENGTH);
  const nonce = randomBytes(NONCE_LENGTH);
  const kek = await deriveKek(passphrase, salt, kdf);
  try {
    const wrapped = xchachaSeal(kek, nonce, vaultKey, passphraseSlotAad(vaultId, kdf, salt));
    return {
      type: 'passphrase', kdf: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p,
      salt: toB64(salt), nonce: toB64(nonce), wrappedKey: toB64(wrapped),
    };
  } finally {
    kek.fill(0);
  }
}

/**
 * Recover the vault key from a passphrase slot, or undefined if the passphrase is wrong.
 * The caller owns (and must zero) the result. `kdf` is the slot's parameters, already checked.
 */
export async function unwrapPassphraseSlot(
  vaultId: string,
  slot: PassphraseSlot,
  kdf: KdfParams,
  passphrase: string,
): Promise<Uint8Array | undefined> {
  const salt = b(slot.salt);
  const kek = await deriveKek(passphrase, salt, kdf);
  try {
    return xchachaOpen(kek, b(slot.nonce), b(slot.wrappedKey), passphraseSlotAad(vaultId, kdf, salt));
  } catch {
    return undefined;
  } finally {
    kek.fill(0);
  }
}

/** The keychain's status, or KeychainUnavailableException when it cannot protect secrets. */
export async function usableKeychain(keychain: Keychain): Promise<KeychainStatus> {
  let st: KeychainStatus;
  try {
    st = await keychain.status();
  } catch (e) {
    throw asKeychainError(e, 'The OS keychain did not answer');
  }
  if (!st.available || st.backend === 'none') {
    throw new KeychainUnavailableException('No OS keychain is available on this system; unlock with the passphrase.');
  }
  if (st.backend === 'basic_text') {
    throw new KeychainUnavailableException(
      "The OS keychain backend is 'basic_text', which stores secrets in plain text, so Keyward does not use it. Unlock with the passphrase.",
    );
  }
  return st;
}

function asKeychainError(e: unknown, what: string): KeywardError {
  if (e instanceof KeychainUnavailableException) return e;
  // Foreign error text may hold anything, so it is not forwarded.
  return new KeychainUnavailableException(`${what}. Unlock with the passphrase, then check the OS keychain.`);
}

export async function makeKeychainSlot(vaultId: string, vaultKey: Uint8Array, keychain: Keychain): Promise<KeychainSlot> {
  const st = await usableKeychain(keychain);
  let blob: Uint8Array;
  try {
    blob = await keychain.protect(vaultKey, vaultId);
  } catch (e) {
    throw asKeychainError(e, 'The OS keychain refused to store the vault key');
  }
  if (!(blob instanceof Uint8Array) || blob.length === 0) {
    throw new KeychainUnavailableException('The OS keychain returned nothing for the vault key. Unlock with the passphrase.');
  }
  return { type: 'keychain', backend: st.backend, blob: toB64(blob) };
}

/**
 * Recover the vault key from the keychain slot. The caller owns (and must zero) the result.
 * Precondition: the key matches the header's keyCheck, else KeychainUnavailableException.
 */
export async function unwrapKeychainSlot(header: VaultHeader, slot: KeychainSlot, keychain: Keychain): Promise<Uint8Array> {
  const st = await usableKeychain(keychain);
  if (st.backend !== slot.backend) {
    throw new KeychainUnavailableException(
      `The vault's keychain slot was made with the '${slot.backend}' keychain, but this system now offers '${st.backend}'. ` +
        'Unlock with the passphrase, then add the keychain again.',
    );
  }
  let key: Uint8Array;
  try {
    key = await keychain.unprotect(b(slot.blob), header.vaultId);
  } catch (e) {
    throw asKeychainError(e, 'The OS keychain could not recover the vault key');
  }
  if (!keyMatches(header, key)) {
    if (key instanceof Uint8Array) key.fill(0);
    throw new KeychainUnavailableException(
      'The OS keychain returned a key that does not open this vault. Unlock with the passphrase, then add the keychain again.',
    );
  }
  return key;
}
