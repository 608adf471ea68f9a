/**
 * The desktop keychain adapter over Electron's safeStorage (DPAPI on Windows, Keychain on
 * macOS, Secret Service or KWallet on Linux). Linux's `basic_text` backend encrypts with
 * a hard-coded password, so it never counts as a keychain (compare Signal-Desktop's
 * getSQLKey); neither does `unknown`. safeStorage is usable only after app 'ready'.
 */
import { safeStorage } from 'electron';
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';
import type { Keychain, KeychainStatus } from '../vault/keychain.js';
import { base64ToBytes, bytesToBase64 } from '../../src-shared/wire.js';

const NOT_A_KEYCHAIN = new Set(['basic_text', 'unknown']);

function platformBackend(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  return 'unknown';
}

export function createSafeStorageKeychain(platform: NodeJS.Platform = process.platform): Keychain {
  async function status(): Promise<KeychainStatus> {
    try {
      const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platformBackend(platform);
      if (NOT_A_KEYCHAIN.has(backend)) return { available: false, backend };
      return { available: safeStorage.isEncryptionAvailable(), backend };
    } catch {
      return { available: false, backend: 'none' };
    }
  }

  async function requireAvailable(): Promise<void> {
    const s = await status();
    if (!s.available) {
      throw new KeychainUnavailableException(
        s.backend === 'basic_text'
          ? 'The OS keychain backend is basic_text, which stores secrets in plain text; it is not used. Unlock with the passphrase.'
          : 'The OS keychain is not available; unlock with the passphrase.',
      );
    }
  }

  return {
    status,
    async protect(secret: Uint8Array, _label: string): Promise<Uint8Array> {
      await requireAvailable();
      // safeStorage takes strings only; base64 keeps the bytes exact. The string cannot be
      // zeroed, which is why only the (random) vault key ever passes through here.
      const b64 = bytesToBase64(secret);
      try {
        return new Uint8Array(safeStorage.encryptString(b64));
      } catch {
        throw new KeychainUnavailableException('The OS keychain refused to protect the vault key.');
      }
    },
    async unprotect(blob: Uint8Array, _label: string): Promise<Uint8Array> {
      await requireAvailable();
      let b64: string;
      try {
        b64 = safeStorage.decryptString(Buffer.from(blob));
      } catch {
        throw new KeychainUnavailableException('The OS keychain could not recover the vault key (it may belong to another user or keychain).');
      }
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
        throw new KeychainUnavailableException('The OS keychain returned malformed data for the vault key.');
      }
      try {
        return base64ToBytes(b64);
      } catch {
        throw new KeychainUnavailableException('The OS keychain returned malformed data for the vault key.');
      }
    },
    // safeStorage keeps one key per app (nothing per label), so there is nothing to forget.
    async forget(_label: string): Promise<void> {},
  };
}
