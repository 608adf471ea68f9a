import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  IncorrectPassphraseException, VaultBusyException, VaultExistsException,
  VaultLockedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import { bytes, deadPid, FAST_KDF, FakeKeychain, text, useVaultFile } from '../testing/vault-kit.js';
import {
  __TESTS, createVault, openVaultWithPassphrase, readVaultHeader,
  vaultExists,
} from './vault.js';

const PASS = 'correct horse battery staple';

const kit = useVaultFile();
const { track, create } = kit;

describe('create and round trip', () => {
  it('creates, commits several bodies, locks, and reopens with the last body', async () => {
    expect(await vaultExists(kit.path)).toBe(false);
    const h = await create('v0');
    expect(await vaultExists(kit.path)).toBe(true);
    for (const b of ['v1', 'v2', 'v3 with more bytes', '']) await h.commit(bytes(b));
    await h.commit(bytes('final'));
    expect(text(h.readBody())).toBe('final');
    await h.lock();
    const h2 = track(await openVaultWithPassphrase(kit.path, PASS));
    expect(text(h2.readBody())).toBe('final');
    expect(h2.vaultId).toBe(h.vaultId);
    expect(h2.path).toBe(kit.path);
  });

  it('queues concurrent commits in call order', async () => {
    const h = await create();
    await Promise.all(Array.from({ length: 8 }, (_, i) => h.commit(bytes(`c${i}`))));
    expect(text(h.readBody())).toBe('c7');
    expect(__TESTS.header(h).generation).toBe(8);
    await h.lock();
    expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('c7');
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
    await writeFile(kit.path, 'something');
    await expect(createVault(kit.path, PASS, bytes('x'), { kdf: FAST_KDF })).rejects.toThrow(VaultExistsException);
    expect(await readFile(kit.path, 'utf8')).toBe('something');
  });

  it('refuses to create a second vault over one that is open', async () => {
    await create();
    await expect(createVault(kit.path, PASS, bytes('x'), { kdf: FAST_KDF })).rejects.toThrow(VaultExistsException);
  });

  it('guards its inputs', async () => {
    await expect(createVault(kit.path, '', bytes('x'), { kdf: FAST_KDF })).rejects.toThrow(RangeError);
    await expect(createVault(kit.path, PASS, bytes('x'), { kdf: { N: 512, r: 8, p: 1 } })).rejects.toThrow(RangeError);
    // @ts-expect-error: a string is not a body
    await expect(createVault(kit.path, PASS, 'body', { kdf: FAST_KDF })).rejects.toThrow(TypeError);
    expect(await vaultExists(kit.path)).toBe(false);
  });

  it('reports a missing vault', async () => {
    await expect(openVaultWithPassphrase(kit.path, PASS)).rejects.toThrow(VaultNotFoundException);
    await expect(readVaultHeader(kit.path)).rejects.toThrow(VaultNotFoundException);
    await expect(openVaultWithPassphrase(join(kit.dir, 'no', 'such', 'v.kwv'), PASS)).rejects.toThrow(
      VaultNotFoundException,
    );
  });

  it('reads the header without a secret', async () => {
    const h = await create();
    expect(await readVaultHeader(kit.path)).toEqual({ vaultId: h.vaultId, hasKeychainSlot: false, kdf: FAST_KDF });
  });
});

describe('wrong passphrase', () => {
  it('throws IncorrectPassphraseException and leaves the file byte for byte', async () => {
    const h = await create('body');
    await h.lock();
    const before = await readFile(kit.path);
    const err = await openVaultWithPassphrase(kit.path, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncorrectPassphraseException);
    expect(err).toHaveProperty('message', 'The passphrase is incorrect. Nothing was changed.');
    expect((await readFile(kit.path)).equals(before)).toBe(true);
    expect((await readdir(kit.dir)).sort()).toEqual(['vault.kwv']); // lock released, no temporaries
    expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('body');
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
    expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('queued');
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
    await expect(openVaultWithPassphrase(kit.path, PASS)).rejects.toThrow(VaultBusyException);
  });

  it('refuses while another live process holds the lock, then takes it over once it dies', async () => {
    const h = await create('x');
    await h.lock();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid;
      if (pid === undefined) throw new Error('spawn failed');
      await writeFile(`${kit.path}.lock`, `${pid}\nsometoken\n`);
      const err = await openVaultWithPassphrase(kit.path, PASS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VaultBusyException);
      expect(err).toHaveProperty(
        'message',
        `The vault is open in another Keyward process (pid ${pid}). Close it first.`,
      );
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
      expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('x');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  });

  it('takes over a stale lock whose pid is dead, and an unreadable one', async () => {
    const h = await create('x');
    await h.lock();
    await writeFile(`${kit.path}.lock`, `${deadPid()}\nold\n`);
    const h2 = track(await openVaultWithPassphrase(kit.path, PASS));
    expect((await readFile(`${kit.path}.lock`, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await h2.lock();
    await writeFile(`${kit.path}.lock`, '');
    track(await openVaultWithPassphrase(kit.path, PASS));
  });

  it('removes the lock file on lock()', async () => {
    const h = await create();
    expect(await vaultExists(`${kit.path}.lock`)).toBe(true);
    await h.lock();
    expect(await vaultExists(`${kit.path}.lock`)).toBe(false);
  });
});

describe('change passphrase', () => {
  it('makes the old passphrase fail and the new one work, body intact', async () => {
    const h = await create('keep me');
    await h.changePassphrase(PASS, 'a new passphrase');
    expect(text(h.readBody())).toBe('keep me');
    await h.lock();
    await expect(openVaultWithPassphrase(kit.path, PASS)).rejects.toThrow(IncorrectPassphraseException);
    const h2 = track(await openVaultWithPassphrase(kit.path, 'a new passphrase'));
    expect(text(h2.readBody())).toBe('keep me');
  });

  it('refuses a wrong current passphrase and writes nothing', async () => {
    const h = await create('keep me');
    const before = await readFile(kit.path);
    await expect(h.changePassphrase('nope', 'next')).rejects.toThrow(IncorrectPassphraseException);
    expect((await readFile(kit.path)).equals(before)).toBe(true);
    await h.commit(bytes('still usable'));
    await h.lock();
    expect(text(track(await openVaultWithPassphrase(kit.path, PASS)).readBody())).toBe('still usable');
  });

  it('keeps the KDF parameters unless new ones are given, and checks them', async () => {
    const h = await create();
    await h.changePassphrase(PASS, 'p2');
    expect((await readVaultHeader(kit.path)).kdf).toEqual(FAST_KDF);
    await h.changePassphrase('p2', 'p3', { N: 2 ** 11, r: 8, p: 1 });
    expect((await readVaultHeader(kit.path)).kdf).toEqual({ N: 2048, r: 8, p: 1 });
    await expect(h.changePassphrase('p3', 'p4', { N: 100, r: 8, p: 1 })).rejects.toThrow(RangeError);
    await expect(h.changePassphrase('p3', '')).rejects.toThrow(RangeError);
  });
});
