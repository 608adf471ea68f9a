import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';

const fake = vi.hoisted(() => {
  const state = { backend: 'gnome_libsecret' as string, available: true, failDecrypt: false };
  const safeStorage = {
    getSelectedStorageBackend: () => state.backend,
    isEncryptionAvailable: () => state.available,
    // A reversible stand-in: prefix + reversed UTF-8 bytes.
    encryptString: (s: string) => Buffer.concat([Buffer.from('v10'), Buffer.from(s, 'utf8').reverse()]),
    decryptString: (b: Buffer) => {
      if (state.failDecrypt || b.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.subarray(3)).reverse().toString('utf8');
    },
  };
  return { state, safeStorage };
});

vi.mock('electron', () => ({ default: { safeStorage: fake.safeStorage }, safeStorage: fake.safeStorage }));

const { createSafeStorageKeychain } = await import('./safe-storage-keychain.js');

beforeEach(() => {
  fake.state.backend = 'gnome_libsecret';
  fake.state.available = true;
  fake.state.failDecrypt = false;
});

describe('safeStorage keychain', () => {
  it('round-trips a secret on a real Linux backend', async () => {
    const k = createSafeStorageKeychain('linux');
    expect(await k.status()).toEqual({ available: true, backend: 'gnome_libsecret' });
    const secret = new Uint8Array(32).map((_, i) => i * 7);
    const blob = await k.protect(secret, 'vault-1');
    expect(Buffer.from(blob).includes(Buffer.from(secret))).toBe(false);
    expect(await k.unprotect(blob, 'vault-1')).toEqual(secret);
  });

  it.each(['basic_text', 'unknown'])('does not count Linux %s as a keychain', async (backend) => {
    fake.state.backend = backend;
    const k = createSafeStorageKeychain('linux');
    expect(await k.status()).toEqual({ available: false, backend });
    await expect(k.protect(new Uint8Array(32), 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
    await expect(k.unprotect(new Uint8Array(8), 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
  });

  it('reports the platform store elsewhere and honours isEncryptionAvailable', async () => {
    expect(await createSafeStorageKeychain('darwin').status()).toEqual({ available: true, backend: 'keychain' });
    fake.state.available = false;
    expect(await createSafeStorageKeychain('win32').status()).toEqual({ available: false, backend: 'dpapi' });
  });

  it('turns decryption failures into KeychainUnavailableException', async () => {
    const k = createSafeStorageKeychain('linux');
    const blob = await k.protect(new Uint8Array([1, 2, 3]), 'v');
    fake.state.failDecrypt = true;
    await expect(k.unprotect(blob, 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
  });

  it('refuses data that is not what protect() wrote', async () => {
    const k = createSafeStorageKeychain('linux');
    const notBase64 = fake.safeStorage.encryptString('not base64!');
    await expect(k.unprotect(new Uint8Array(notBase64), 'v')).rejects.toBeInstanceOf(KeychainUnavailableException);
  });
});
