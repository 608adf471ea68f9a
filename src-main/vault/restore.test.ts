/** Restoring the previous generation of a damaged vault file (restore.ts). */
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { IncorrectPassphraseException, ValidationException, VaultCorruptedException, VaultNotFoundException } from '../../src-shared/kms/errors.js';
import { bytes, TEST_PASSPHRASE, text, useVaultFile } from '../testing/vault-kit.js';
import { sha256 } from '../crypto/hash.js';
import { prevPathOf } from './persist.js';
import { checkVaultFile, damagedPathOf, restorePreviousGeneration } from './restore.js';

const vf = useVaultFile();

/** A vault whose current file holds "v2" and whose .prev holds "v1"; locked. */
async function twoGenerations(): Promise<void> {
  const h = await vf.create('v0');
  await h.commit(bytes('v1'));
  await h.commit(bytes('v2'));
  await h.lock();
}

async function flipByte(path: string): Promise<Buffer> {
  const b = await readFile(path);
  b[Math.floor(b.length / 2)]! ^= 0x01;
  await writeFile(path, b);
  return b;
}

const asideFiles = async () => (await readdir(vf.dir)).filter((f) => f.includes('.damaged-'));

describe('checkVaultFile', () => {
  it('tells missing, intact and damaged apart without a passphrase', async () => {
    expect(await checkVaultFile(vf.path)).toEqual({ kind: 'missing' });
    await twoGenerations();
    expect(await checkVaultFile(vf.path)).toEqual({ kind: 'intact' });
    await flipByte(vf.path);
    expect(await checkVaultFile(vf.path)).toMatchObject({ kind: 'damaged', reason: expect.stringContaining('is damaged') as string });
  });
});

/** Rewrite the file as a newer format version with a valid checksum (written by a newer Keyward). */
async function newerFormat(path: string): Promise<void> {
  const b = await readFile(path);
  b.writeUInt16BE(b.readUInt16BE(8) + 1, 8);
  b.set(sha256(b.subarray(0, b.length - 32)), b.length - 32);
  await writeFile(path, b);
}

describe('a file from a newer Keyward is not damage', () => {
  it('is reported unsupported, and the previous generation is not restored over it', async () => {
    await twoGenerations();
    await newerFormat(vf.path);
    expect(await checkVaultFile(vf.path)).toMatchObject({ kind: 'unsupported' });
    await expect(restorePreviousGeneration(vf.path, TEST_PASSPHRASE)).rejects.toBeInstanceOf(ValidationException);
    expect(await asideFiles()).toEqual([]);
  });
});

describe('restorePreviousGeneration', () => {
  it('opens .prev, keeps the damaged file aside and puts a copy of .prev in its place; undo puts it back', async () => {
    await twoGenerations();
    const damaged = await flipByte(vf.path);
    const now = new Date('2026-11-29T22:00:00.123Z');
    const r = await restorePreviousGeneration(vf.path, TEST_PASSPHRASE, now);
    vf.track(r.handle);
    expect(text(r.handle.readBody())).toBe('v1');
    expect(r.damagedPath).toBe(damagedPathOf(vf.path, now));
    expect(r.damagedPath.endsWith('.damaged-2026-11-29T22-00-00-123Z')).toBe(true);
    expect(await readFile(r.damagedPath)).toEqual(damaged);
    expect(await readFile(vf.path)).toEqual(await readFile(prevPathOf(vf.path)));
    await r.handle.lock();
    await r.undo();
    expect(await readFile(vf.path)).toEqual(damaged);
    expect(await asideFiles()).toEqual([]);
  });

  it('the next commit after a restore keeps generations going and the restored file as .prev', async () => {
    await twoGenerations();
    await flipByte(vf.path);
    const r = await restorePreviousGeneration(vf.path, TEST_PASSPHRASE);
    vf.track(r.handle);
    const restored = await readFile(vf.path);
    await r.handle.commit(bytes('v3'));
    expect(await readFile(prevPathOf(vf.path))).toEqual(restored);
    expect(await checkVaultFile(vf.path)).toEqual({ kind: 'intact' });
  });

  it('changes nothing when the current file is intact, the passphrase is wrong, .prev is missing or damaged too', async () => {
    await twoGenerations();
    const intact = await readFile(vf.path);
    await expect(restorePreviousGeneration(vf.path, TEST_PASSPHRASE)).rejects.toBeInstanceOf(ValidationException);
    expect(await readFile(vf.path)).toEqual(intact);

    const damaged = await flipByte(vf.path);
    await expect(restorePreviousGeneration(vf.path, 'wrong passphrase')).rejects.toBeInstanceOf(IncorrectPassphraseException);
    await flipByte(prevPathOf(vf.path));
    await expect(restorePreviousGeneration(vf.path, TEST_PASSPHRASE)).rejects.toBeInstanceOf(VaultCorruptedException);
    await writeFile(prevPathOf(vf.path), new Uint8Array(0));
    await expect(restorePreviousGeneration(vf.path, TEST_PASSPHRASE)).rejects.toBeInstanceOf(VaultCorruptedException);
    await unlink(prevPathOf(vf.path));
    await expect(restorePreviousGeneration(vf.path, TEST_PASSPHRASE)).rejects.toBeInstanceOf(VaultNotFoundException);
    expect(await readFile(vf.path)).toEqual(damaged);
    expect(await asideFiles()).toEqual([]);
  });
});
