/**
 * The headless host's keychain adapter over @napi-rs/keyring (Secret Service on Linux,
 * Keychain on macOS, Credential Manager on Windows). The OS store holds only a random
 * 32-byte wrapping key per label (service "Keyward", account = label); the secret itself
 * is sealed with XChaCha20-Poly1305 under that key, the label bound as AAD.
 *
 * On Linux the entry is pinned to Secret Service: the library's fallback, the kernel
 * keyring, forgets everything at logout or reboot, so it does not count as a keychain.
 * Every call is guarded: a missing store yields available:false, never a crash.
 */
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';
import type { Keychain, KeychainStatus } from '../vault/keychain.js';
import { randomBytes } from '../crypto/random.js';
import { xchachaOpen, xchachaSeal } from '../crypto/xchacha.js';

export const KEYRING_SERVICE = 'Keyward';
const PROBE_ACCOUNT = 'keyward-probe';
const FORMAT_V1 = 1;
const KEY_LEN = 32;
const NONCE_LEN = 24;
const CALL_TIMEOUT_MS = 5_000;
const STATUS_TTL_MS = 10_000;

/** The subset of @napi-rs/keyring's AsyncEntry used here (tests substitute a fake). */
export interface KeyringEntry {
  setSecret(secret: Uint8Array, signal?: AbortSignal | null): Promise<void>;
  getSecret(signal?: AbortSignal | null): Promise<Array<number> | null>;
  deleteCredential(signal?: AbortSignal | null): Promise<boolean>;
}
export type EntryFactory = (service: string, account: string) => KeyringEntry;

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'credential_manager';
  return 'secret_service';
}

/** Load the native module lazily: a missing prebuilt binary must not stop the host. */
async function defaultEntryFactory(): Promise<EntryFactory | null> {
  try {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    return (service, account) => new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  } catch {
    return null;
  }
}

export interface KeyringKeychainOptions {
  /** Defaults to @napi-rs/keyring's AsyncEntry pinned to Secret Service on Linux. */
  entryFactory?: EntryFactory | null;
  platform?: NodeJS.Platform;
  now?: () => number;
}

function unavailable(message: string): KeychainUnavailableException {
  return new KeychainUnavailableException(message);
}

export function createKeyringKeychain(options: KeyringKeychainOptions = {}): Keychain {
  const platform = options.platform ?? process.platform;
  const backend = backendName(platform);
  const now = options.now ?? Date.now;
  let factory: Promise<EntryFactory | null> | undefined =
    options.entryFactory === undefined ? undefined : Promise.resolve(options.entryFactory);
  let cached: { at: number; status: KeychainStatus } | undefined;

  async function entry(account: string): Promise<KeyringEntry> {
    factory ??= defaultEntryFactory();
    const make = await factory;
    if (make === null) throw unavailable('The OS keychain library could not be loaded on this system.');
    try {
      return make(KEYRING_SERVICE, account);
    } catch {
      throw unavailable('The OS keychain is not available (no Secret Service on this session?).');
    }
  }

  async function status(): Promise<KeychainStatus> {
    if (cached !== undefined && now() - cached.at < STATUS_TTL_MS) return cached.status;
    let result: KeychainStatus;
    try {
      // Reading a missing entry answers null when the store works and throws when it does not.
      await (await entry(PROBE_ACCOUNT)).getSecret(AbortSignal.timeout(CALL_TIMEOUT_MS));
      result = { available: true, backend };
    } catch {
      result = { available: false, backend: 'none' };
    }
    cached = { at: now(), status: result };
    return result;
  }

  return {
    status,

    async protect(secret: Uint8Array, label: string): Promise<Uint8Array> {
      const wrappingKey = randomBytes(KEY_LEN);
      try {
        const e = await entry(label);
        try {
          await e.setSecret(wrappingKey, AbortSignal.timeout(CALL_TIMEOUT_MS));
        } catch {
          throw unavailable('The OS keychain refused to store the wrapping key.');
        }
        const nonce = randomBytes(NONCE_LEN);
        const sealed = xchachaSeal(wrappingKey, nonce, secret, new TextEncoder().encode(label));
        const out = new Uint8Array(1 + NONCE_LEN + sealed.length);
        out[0] = FORMAT_V1;
        out.set(nonce, 1);
        out.set(sealed, 1 + NONCE_LEN);
        return out;
      } finally {
        wrappingKey.fill(0);
      }
    },

    async unprotect(blob: Uint8Array, label: string): Promise<Uint8Array> {
      if (blob.length < 1 + NONCE_LEN + 16 || blob[0] !== FORMAT_V1) {
        throw unavailable('The keychain-protected vault key has an unknown format.');
      }
      const e = await entry(label);
      let stored: Array<number> | null;
      try {
        stored = await e.getSecret(AbortSignal.timeout(CALL_TIMEOUT_MS));
      } catch {
        throw unavailable('The OS keychain could not be read (locked or unavailable).');
      }
      if (stored === null || stored.length !== KEY_LEN) {
        throw unavailable('The OS keychain holds no key for this vault; unlock with the passphrase.');
      }
      const wrappingKey = Uint8Array.from(stored);
      stored.fill(0);
      try {
        const nonce = blob.subarray(1, 1 + NONCE_LEN);
        return xchachaOpen(wrappingKey, nonce, blob.subarray(1 + NONCE_LEN), new TextEncoder().encode(label));
      } catch {
        throw unavailable('The OS keychain key does not open this vault key (it was replaced?).');
      } finally {
        wrappingKey.fill(0);
      }
    },

    async forget(label: string): Promise<void> {
      try {
        await (await entry(label)).deleteCredential(AbortSignal.timeout(CALL_TIMEOUT_MS));
      } catch {
        // Nothing to forget, or no keychain: either way no key remains reachable here.
      }
    },
  };
}
