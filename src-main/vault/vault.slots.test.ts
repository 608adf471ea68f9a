/** The vault's keychain slot, previous generation and default KDF cost (split from vault.test.ts). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainUnavailableException, VaultBusyException, VaultNotFoundException } from '../../src-shared/kms/errors.js';
import { bytes, FAST_KDF, FakeKeychain, text, useVaultFile } from '../testing/vault-kit.js';
import { noKeychain } from './keychain.js';
import {
  __TESTS, createVault, DEFAULT_KDF, openVaultWithKeychain, openVaultWithPassphrase, readVaultHeader,
  vaultExists,
} from './vault.js';

const PASS = 'correct horse battery staple';

const kit = useVaultFile();
const { track, create } = kit;

describe('keychain slot', () => {
  it('opens with the keychain, and stops after removal', async () => {
    const kc = new FakeKeychain();
    const h = await create('kc body', { keychain: kc });
    expect(h.hasKeychainSlot()).toBe(true);
    expect(await readVaultHeader(kit.path)).toMatchObject({ hasKeychainSlot: true, keychainBackend: 'gnome_libsecret' });
    await h.lock();
    const h2 = track(await openVaultWithKeychain(kit.path, kc));
    expect(text(h2.readBody())).toBe('kc body');
    await h2.removeKeychainSlot(kc);
    expect(h2.hasKeychainSlot()).toBe(false);
    expect(kc.forgotten).toEqual([h2.vaultId]);
    await h2.lock();
    await expect(openVaultWithKeychain(kit.path, kc)).rejects.toThrow(KeychainUnavailableException);
    expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('kc body');
  });

  it('adds a slot to an open vault', async () => {
    const kc = new FakeKeychain();
    const h = await create('b');
    await h.addKeychainSlot(kc);
    await h.lock();
    expect(text(track(await openVaultWithKeychain(kit.path, kc)).readBody())).toBe('b');
  });

  it('maps keychain failures to KeychainUnavailableException without leaking their text', async () => {
    const kc = new FakeKeychain();
    const h = await create('b', { keychain: kc });
    await h.lock();
    kc.failUnprotect = true;
    const err = await openVaultWithKeychain(kit.path, kc).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableException);
    expect(String(err)).not.toContain('DBus');
    expect(await vaultExists(`${kit.path}.lock`)).toBe(false);
  });

  it('refuses basic_text, a missing keychain, a changed backend, and a wrong key', async () => {
    const kc = new FakeKeychain();
    const h = await create('b', { keychain: kc });
    await h.lock();
    kc.backend = 'basic_text';
    await expect(openVaultWithKeychain(kit.path, kc)).rejects.toThrow(/plain text/);
    kc.backend = 'kwallet6';
    await expect(openVaultWithKeychain(kit.path, kc)).rejects.toThrow(/'gnome_libsecret'.*'kwallet6'/);
    kc.backend = 'gnome_libsecret';
    const entry = [...kc.entries.values()][0];
    if (!entry) throw new Error('no entry');
    entry.secret = new Uint8Array(32).fill(1);
    await expect(openVaultWithKeychain(kit.path, kc)).rejects.toThrow(/does not open this vault/);
    await expect(openVaultWithKeychain(kit.path, noKeychain)).rejects.toThrow(KeychainUnavailableException);
    await expect(createVault(join(kit.dir, 'b.kwv'), PASS, bytes('x'), { kdf: FAST_KDF, keychain: noKeychain })).rejects.toThrow(
      KeychainUnavailableException,
    );
    expect(await vaultExists(join(kit.dir, 'b.kwv'))).toBe(false);
    const basic = new FakeKeychain();
    basic.backend = 'basic_text';
    const h2 = track(await openVaultWithPassphrase(kit.path, PASS));
    await expect(h2.addKeychainSlot(basic)).rejects.toThrow(KeychainUnavailableException);
  });

  it('refuses a vault without a keychain slot', async () => {
    const h = await create();
    await h.lock();
    await expect(openVaultWithKeychain(kit.path, new FakeKeychain())).rejects.toThrow(/no OS keychain slot/);
  });
});

describe('previous generation', () => {
  it('opens <kit.path>.prev, the state before the last write', async () => {
    const h = await create('g0');
    await h.commit(bytes('g1'));
    await expect(openVaultWithPassphrase(kit.path, PASS, { generation: 'previous' })).rejects.toThrow(
      VaultBusyException,
    );
    await h.commit(bytes('g2'));
    await h.lock();
    const p = track(await openVaultWithPassphrase(kit.path, PASS, { generation: 'previous' }));
    expect(text(p.readBody())).toBe('g1');
    // Committing from the previous generation replaces the current file; generations keep rising.
    await p.commit(bytes('g1 restored'));
    expect(__TESTS.header(p).generation).toBe(3);
    await p.lock();
    expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('g1 restored');
  });

  it('reports a missing previous generation', async () => {
    const h = await create('g0');
    await h.lock();
    await expect(openVaultWithPassphrase(kit.path, PASS, { generation: 'previous' })).rejects.toThrow(
      VaultNotFoundException,
    );
  });

  it('keeps the old passphrase in the previous generation after a change', async () => {
    const h = await create('g0');
    await h.changePassphrase(PASS, 'new one');
    await h.lock();
    const p = track(await openVaultWithPassphrase(kit.path, PASS, { generation: 'previous' }));
    expect(text(p.readBody())).toBe('g0');
  });
});

describe('default cost', () => {
  it('creates with N=2^17, r=8, p=1 by default and times one unlock', async () => {
    const h = track(await createVault(kit.path, PASS, bytes('slow')));
    expect((await readVaultHeader(kit.path)).kdf).toEqual({ ...DEFAULT_KDF });
    await h.lock();
    const t0 = performance.now();
    const h2 = track(await openVaultWithPassphrase(kit.path, PASS));
    const ms = performance.now() - t0;
    console.log(`[vault] default-cost unlock (scrypt N=2^17, r=8, p=1): ${ms.toFixed(0)} ms`);
    expect(text(h2.readBody())).toBe('slow');
  });
});
