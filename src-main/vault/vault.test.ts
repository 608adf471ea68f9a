import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IncorrectPassphraseException, KeychainUnavailableException, VaultBusyException, VaultExistsException,
  VaultLockedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import { bytes, deadPid, FAST_KDF, FakeKeychain, tempDir, text } from './_test-kit.js';
import { noKeychain } from './keychain.js';
import {
  __TESTS, createVault, DEFAULT_KDF, openVaultWithKeychain, openVaultWithPassphrase, readVaultHeader,
  type VaultHandle, vaultExists,
} from './vault.js';

const PASS = 'correct horse battery staple';

let dir: string;
let cleanup: () => Promise<void>;
let path: string;
const open: VaultHandle[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, 'vault.kwv');
});

afterEach(async () => {
  for (const h of open.splice(0)) await h.lock().catch(() => undefined);
  await cleanup();
});

function track(h: VaultHandle): VaultHandle {
  open.push(h);
  return h;
}

async function create(body = 'v0', opts: Parameters<typeof createVault>[3] = {}): Promise<VaultHandle> {
  return track(await createVault(path, PASS, bytes(body), { kdf: FAST_KDF, ...opts }));
}

describe('create and round trip', () => {
  it('creates, commits several bodies, locks, and reopens with the last body', async () => {
    expect(await vaultExists(path)).toBe(false);
    const h = await create('v0');
    expect(await vaultExists(path)).toBe(true);
    for (const b of ['v1', 'v2', 'v3 with more bytes', '']) await h.commit(bytes(b));
    await h.commit(bytes('final'));
    expect(text(h.readBody())).toBe('final');
    await h.lock();
    const h2 = track(await openVaultWithPassphrase(path, PASS));
    expect(text(h2.readBody())).toBe('final');
    expect(h2.vaultId).toBe(h.vaultId);
    expect(h2.path).toBe(path);
  });

  it('queues concurrent commits in call order', async () => {
    const h = await create();
    await Promise.all(Array.from({ length: 8 }, (_, i) => h.commit(bytes(`c${i}`))));
    expect(text(h.readBody())).toBe('c7');
    expect(__TESTS.header(h).generation).toBe(8);
    await h.lock();
    expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('c7');
  });

  it('copies bodies in and out', async () => {
    const input = bytes('secret state');
    const h = await create();
    await h.commit(input);
    input.fill(0);
    const out = h.readBody();
    out.fill(0);
    expect(text(h.readBody())).toBe('secret state');
  });

  it('refuses to create over an existing file', async () => {
    await writeFile(path, 'something');
    await expect(createVault(path, PASS, bytes('x'), { kdf: FAST_KDF })).rejects.toThrow(VaultExistsException);
    expect(await readFile(path, 'utf8')).toBe('something');
  });

  it('refuses to create a second vault over one that is open', async () => {
    await create();
    await expect(createVault(path, PASS, bytes('x'), { kdf: FAST_KDF })).rejects.toThrow(VaultExistsException);
  });

  it('guards its inputs', async () => {
    await expect(createVault(path, '', bytes('x'), { kdf: FAST_KDF })).rejects.toThrow(RangeError);
    await expect(createVault(path, PASS, bytes('x'), { kdf: { N: 512, r: 8, p: 1 } })).rejects.toThrow(RangeError);
    // @ts-expect-error: a string is not a body
    await expect(createVault(path, PASS, 'body', { kdf: FAST_KDF })).rejects.toThrow(TypeError);
    expect(await vaultExists(path)).toBe(false);
  });

  it('reports a missing vault', async () => {
    await expect(openVaultWithPassphrase(path, PASS)).rejects.toThrow(VaultNotFoundException);
    await expect(readVaultHeader(path)).rejects.toThrow(VaultNotFoundException);
    await expect(openVaultWithPassphrase(join(dir, 'no', 'such', 'v.kwv'), PASS)).rejects.toThrow(
      VaultNotFoundException,
    );
  });

  it('reads the header without a secret', async () => {
    const h = await create();
    expect(await readVaultHeader(path)).toEqual({ vaultId: h.vaultId, hasKeychainSlot: false, kdf: FAST_KDF });
  });
});

describe('wrong passphrase', () => {
  it('throws IncorrectPassphraseException and leaves the file byte for byte', async () => {
    const h = await create('body');
    await h.lock();
    const before = await readFile(path);
    const err = await openVaultWithPassphrase(path, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncorrectPassphraseException);
    expect(err).toHaveProperty('message', 'The passphrase is incorrect. Nothing was changed.');
    expect((await readFile(path)).equals(before)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['vault.kwv']); // lock released, no temporaries
    expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('body');
  });
});

describe('lock()', () => {
  it('zeroes the key and body it held and refuses later calls', async () => {
    const h = await create('sensitive');
    const { key, body } = __TESTS.buffersOf(h);
    expect(key.some((b) => b !== 0)).toBe(true);
    expect(body.some((b) => b !== 0)).toBe(true);
    await h.lock();
    expect(key.every((b) => b === 0)).toBe(true);
    expect(body.every((b) => b === 0)).toBe(true);
    expect(() => h.readBody()).toThrow(VaultLockedException);
    expect(() => h.hasKeychainSlot()).toThrow(VaultLockedException);
    await expect(h.commit(bytes('x'))).rejects.toThrow(VaultLockedException);
    await expect(h.changePassphrase(PASS, 'new')).rejects.toThrow(VaultLockedException);
    await expect(h.addKeychainSlot(new FakeKeychain())).rejects.toThrow(VaultLockedException);
    await expect(h.lock()).resolves.toBeUndefined(); // idempotent
  });

  it('lets queued commits finish before zeroing', async () => {
    const h = await create();
    const c = h.commit(bytes('queued'));
    const l = h.lock();
    await expect(h.commit(bytes('too late'))).rejects.toThrow(VaultLockedException);
    await c;
    await l;
    expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('queued');
  });

  it('zeroes the replaced body on commit', async () => {
    const h = await create('first body');
    const { body } = __TESTS.buffersOf(h);
    await h.commit(bytes('second'));
    expect(body.every((b) => b === 0)).toBe(true);
  });
});

describe('single writer', () => {
  it('refuses a second open while the first holds the lock', async () => {
    await create();
    await expect(openVaultWithPassphrase(path, PASS)).rejects.toThrow(VaultBusyException);
  });

  it('refuses while another live process holds the lock, then takes it over once it dies', async () => {
    const h = await create('x');
    await h.lock();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid;
      if (pid === undefined) throw new Error('spawn failed');
      await writeFile(`${path}.lock`, `${pid}\nsometoken\n`);
      const err = await openVaultWithPassphrase(path, PASS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VaultBusyException);
      expect(err).toHaveProperty(
        'message',
        `The vault is open in another Keyward process (pid ${pid}). Close it first.`,
      );
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
      expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('x');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  });

  it('takes over a stale lock whose pid is dead, and an unreadable one', async () => {
    const h = await create('x');
    await h.lock();
    await writeFile(`${path}.lock`, `${deadPid()}\nold\n`);
    const h2 = track(await openVaultWithPassphrase(path, PASS));
    expect((await readFile(`${path}.lock`, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await h2.lock();
    await writeFile(`${path}.lock`, '');
    track(await openVaultWithPassphrase(path, PASS));
  });

  it('removes the lock file on lock()', async () => {
    const h = await create();
    expect(await vaultExists(`${path}.lock`)).toBe(true);
    await h.lock();
    expect(await vaultExists(`${path}.lock`)).toBe(false);
  });
});

describe('change passphrase', () => {
  it('makes the old passphrase fail and the new one work, body intact', async () => {
    const h = await create('keep me');
    await h.changePassphrase(PASS, 'a new passphrase');
    expect(text(h.readBody())).toBe('keep me');
    await h.lock();
    await expect(openVaultWithPassphrase(path, PASS)).rejects.toThrow(IncorrectPassphraseException);
    const h2 = track(await openVaultWithPassphrase(path, 'a new passphrase'));
    expect(text(h2.readBody())).toBe('keep me');
  });

  it('refuses a wrong current passphrase and writes nothing', async () => {
    const h = await create('keep me');
    const before = await readFile(path);
    await expect(h.changePassphrase('nope', 'next')).rejects.toThrow(IncorrectPassphraseException);
    expect((await readFile(path)).equals(before)).toBe(true);
    await h.commit(bytes('still usable'));
    await h.lock();
    expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('still usable');
  });

  it('keeps the KDF parameters unless new ones are given, and checks them', async () => {
    const h = await create();
    await h.changePassphrase(PASS, 'p2');
    expect((await readVaultHeader(path)).kdf).toEqual(FAST_KDF);
    await h.changePassphrase('p2', 'p3', { N: 2 ** 11, r: 8, p: 1 });
    expect((await readVaultHeader(path)).kdf).toEqual({ N: 2048, r: 8, p: 1 });
    await expect(h.changePassphrase('p3', 'p4', { N: 100, r: 8, p: 1 })).rejects.toThrow(RangeError);
    await expect(h.changePassphrase('p3', '')).rejects.toThrow(RangeError);
  });
});

describe('keychain slot', () => {
  it('opens with the keychain, and stops after removal', async () => {
    const kc = new FakeKeychain();
    const h = await create('kc body', { keychain: kc });
    expect(h.hasKeychainSlot()).toBe(true);
    expect(await readVaultHeader(path)).toMatchObject({ hasKeychainSlot: true, keychainBackend: 'gnome_libsecret' });
    await h.lock();
    const h2 = track(await openVaultWithKeychain(path, kc));
    expect(text(h2.readBody())).toBe('kc body');
    await h2.removeKeychainSlot(kc);
    expect(h2.hasKeychainSlot()).toBe(false);
    expect(kc.forgotten).toEqual([h2.vaultId]);
    await h2.lock();
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(KeychainUnavailableException);
    expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('kc body');
  });

  it('adds a slot to an open vault', async () => {
    const kc = new FakeKeychain();
    const h = await create('b');
    await h.addKeychainSlot(kc);
    await h.lock();
    expect(text(track(await openVaultWithKeychain(path, kc)).readBody())).toBe('b');
  });

  it('maps keychain failures to KeychainUnavailableException without leaking their text', async () => {
    const kc = new FakeKeychain();
    const h = await create('b', { keychain: kc });
    await h.lock();
    kc.failUnprotect = true;
    const err = await openVaultWithKeychain(path, kc).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableException);
    expect(String(err)).not.toContain('DBus');
    expect(await vaultExists(`${path}.lock`)).toBe(false);
  });

  it('refuses basic_text, a missing keychain, a changed backend, and a wrong key', async () => {
    const kc = new FakeKeychain();
    const h = await create('b', { keychain: kc });
    await h.lock();
    kc.backend = 'basic_text';
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(/plain text/);
    kc.backend = 'kwallet6';
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(/'gnome_libsecret'.*'kwallet6'/);
    kc.backend = 'gnome_libsecret';
    const entry = [...kc.entries.values()][0];
    if (!entry) throw new Error('no entry');
    entry.secret = new Uint8Array(32).fill(1);
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(/does not open this vault/);
    await expect(openVaultWithKeychain(path, noKeychain)).rejects.toThrow(KeychainUnavailableException);
    await expect(createVault(join(dir, 'b.kwv'), PASS, bytes('x'), { kdf: FAST_KDF, keychain: noKeychain })).rejects.toThrow(
      KeychainUnavailableException,
    );
    expect(await vaultExists(join(dir, 'b.kwv'))).toBe(false);
    const basic = new FakeKeychain();
    basic.backend = 'basic_text';
    const h2 = track(await openVaultWithPassphrase(path, PASS));
    await expect(h2.addKeychainSlot(basic)).rejects.toThrow(KeychainUnavailableException);
  });

  it('refuses a vault without a keychain slot', async () => {
    const h = await create();
    await h.lock();
    await expect(openVaultWithKeychain(path, new FakeKeychain())).rejects.toThrow(/no OS keychain slot/);
  });
});

describe('previous generation', () => {
  it('opens <path>.prev, the state before the last write', async () => {
    const h = await create('g0');
    await h.commit(bytes('g1'));
    await expect(openVaultWithPassphrase(path, PASS, { generation: 'previous' })).rejects.toThrow(
      VaultBusyException,
    );
    await h.commit(bytes('g2'));
    await h.lock();
    const p = track(await openVaultWithPassphrase(path, PASS, { generation: 'previous' }));
    expect(text(p.readBody())).toBe('g1');
    // Committing from the previous generation replaces the current file; generations keep rising.
    await p.commit(bytes('g1 restored'));
    expect(__TESTS.header(p).generation).toBe(3);
    await p.lock();
    expect(text(track(await openVaultWithPassphrase(path, PASS)).readBody())).toBe('g1 restored');
  });

  it('reports a missing previous generation', async () => {
    const h = await create('g0');
    await h.lock();
    await expect(openVaultWithPassphrase(path, PASS, { generation: 'previous' })).rejects.toThrow(
      VaultNotFoundException,
    );
  });

  it('keeps the old passphrase in the previous generation after a change', async () => {
    const h = await create('g0');
    await h.changePassphrase(PASS, 'new one');
    await h.lock();
    const p = track(await openVaultWithPassphrase(path, PASS, { generation: 'previous' }));
    expect(text(p.readBody())).toBe('g0');
  });
});

describe('default cost', () => {
  it('creates with N=2^17, r=8, p=1 by default and times one unlock', async () => {
    const h = track(await createVault(path, PASS, bytes('slow')));
    expect((await readVaultHeader(path)).kdf).toEqual({ ...DEFAULT_KDF });
    await h.lock();
    const t0 = performance.now();
    const h2 = track(await openVaultWithPassphrase(path, PASS));
    const ms = performance.now() - t0;
    console.log(`[vault] default-cost unlock (scrypt N=2^17, r=8, p=1): ${ms.toFixed(0)} ms`);
    expect(text(h2.readBody())).toBe('slow');
  });
});
