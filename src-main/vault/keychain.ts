/**
 * The keychain port: lets the vault key be wrapped by the OS user's keychain. The Electron
 * adapter (src-main/electron/safe-storage-keychain.ts) uses safeStorage; the headless host
 * uses @napi-rs/keyring (keyring-keychain.ts). Linux's `basic_text` backend stores secrets
 * in plain text, so it never counts as a keychain (compare Signal-Desktop's getSQLKey).
 */
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';

export interface KeychainStatus {
  available: boolean;
  /** e.g. 'gnome_libsecret', 'kwallet6', 'keychain', 'dpapi', 'basic_text', 'none'. */
  backend: string;
}

export interface Keychain {
  status(): Promise<KeychainStatus>;
  /** Protect a secret so only this OS user can recover it. `label` names the vault. */
  protect(secret: Uint8Array, label: string): Promise<Uint8Array>;
  /** Recover a secret from protect(). Throws KeychainUnavailableException when it cannot. */
  unprotect(blob: Uint8Array, label: string): Promise<Uint8Array>;
  /** Forget anything stored for `label` (when its slot is removed). */
  forget(label: string): Promise<void>;
}

/** No keychain at all: the vault opens with its passphrase only. */
export const noKeychain: Keychain = {
  status: async () => ({ available: false, backend: 'none' }),
  protect: async () => {
    throw new KeychainUnavailableException(NO_KEYCHAIN);
  },
  unprotect: async () => {
    throw new KeychainUnavailableException(NO_KEYCHAIN);
  },
  forget: async () => {},
};

const NO_KEYCHAIN = 'No OS keychain is available on this system; unlock with the passphrase.';
