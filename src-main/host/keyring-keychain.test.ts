import { describe, expect, it } from 'vitest';
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';
import { createKeyringKeychain, KEYRING_SERVICE, type EntryFactory, type KeyringEntry } from './keyring-keychain.js';

function memoryStore(opts: { broken?: boolean } = {}) {
  const store = new Map<string, number[]>();
  const factory: EntryFactory = (service, account): KeyringEntry => {
    const key = `${service}/${account}`;
    const check = () => {
      if (opts.broken) throw new Error('Platform secure storage failure: no Secret Service');
    };
    return {
      setSecret: async (s) => (check(), void store.set(key, [...s])),
      getSecret: async () => (check(), store.get(key) ?? null),
      deleteCredential: async () => (check(), store.delete(key)),
    };
  };
  return { store, factory };
}

describe('keyring keychain', () => {
  it('keeps only a random wrapping key in the OS store and seals the secret with it', async () => {
    const { store, factory } = memoryStore();
    const k = createKeyringKeychain({ entryFactory: factory, platform: 'linux' });
    expect(await k.status()).toEqual({ available: true, backend: 'secret_service' });
    const secret = new Uint8Array(32).fill(0xab);
    const blob = await k.protect(secret, 'vault-1');
    const stored = store.get(`${KEYRING_SERVICE}/vault-1`);
    expect(stored).toHaveLength(32);
    expect(stored).not.toEqual([...secret]);
    expect(blob[0]).toBe(1);
    expect(blob.length).toBe(1 + 24 + 32 + 16);
    expect(await k.unprotect(blob, 'vault-1')).toEqual(secret);
  });

  it('binds the label: a blob for one vault does not open under another label', async () => {
    const { factory, store } = memoryStore();
    const k = createKeyringKeychain({ entryFactory: factory });
    const blob = await k.protect(new Uint8Array([1, 2, 3]), 'a');
    store.set(`${KEYRING_SERVICE}/b`, store.get(`${KEYRING_SERVICE}/a`)!);
    await expect(k.unprotect(blob, 'b')).rejects.toBeInstanceOf(KeychainUnavailableException);
  });

  it('detects a tampered blob and a replaced or forgotten wrapping key', async () => {
    const { factory } = memoryStore();
    const k = createKeyringKeychain({ entryFactory: factory });
    const blob = await k.protect(new Uint8Array([1, 2, 3]), 'v');
    const tampered = blob.slice();
    tampered[tampered.length - 1]! ^= 1;
    await expect(k.unprotect(tampered, 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
    await k.protect(new Uint8Array([4]), 'v'); // replaces the wrapping key
    await expect(k.unprotect(blob, 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
    await k.forget('v');
    await expect(k.unprotect(blob, 'v')).rejects.toThrow(/no key for this vault/);
    await expect(k.unprotect(new Uint8Array([2, 0, 0]), 'v')).rejects.toThrow(/unknown format/);
  });

  it('reports a missing Secret Service as unavailable and never throws from status or forget', async () => {
    const { factory } = memoryStore({ broken: true });
    const k = createKeyringKeychain({ entryFactory: factory, platform: 'linux' });
    expect(await k.status()).toEqual({ available: false, backend: 'none' });
    await expect(k.protect(new Uint8Array([1]), 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
    await expect(k.forget('v')).resolves.toBeUndefined();
  });

  it('reports unavailable when the native library cannot load', async () => {
    const k = createKeyringKeychain({ entryFactory: null });
    expect(await k.status()).toEqual({ available: false, backend: 'none' });
    await expect(k.protect(new Uint8Array([1]), 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
  });

  it('caches status briefly', async () => {
    let probes = 0;
    let t = 0;
    const factory: EntryFactory = () => ({
      setSecret: async () => {},
      getSecret: async () => (probes++, null),
      deleteCredential: async () => false,
    });
    const k = createKeyringKeychain({ entryFactory: factory, now: () => t });
    await k.status();
    await k.status();
    expect(probes).toBe(1);
    t += 60_000;
    await k.status();
    expect(probes).toBe(2);
  });
});
