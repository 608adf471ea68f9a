/**
 * A vault file written before the body had a schema (fixtures/README.md) still opens, gives
 * back its body byte for byte, and takes a new commit. Its body's migration is tested on the
 * engine side (kms/vault-body.test.ts), which reads the same body from fixtures/v1-body.json.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/vault-kit.js';
import { openVaultWithPassphrase, readVaultHeader } from './vault.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const PASSPHRASE = 'fixture passphrase: correct horse battery staple';

let dir: string;
let cleanup: () => Promise<void>;
let path: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, 'v1-body.kwv');
  await copyFile(join(FIXTURES, 'v1-body.kwv'), path);
});
afterEach(() => cleanup());

describe('fixture vault from the first body format', () => {
  it('reads its header without a secret', async () => {
    const h = await readVaultHeader(path);
    expect(h).toMatchObject({ hasKeychainSlot: false, kdf: { N: 2 ** 10, r: 8, p: 1 } });
  });

  it('opens with its passphrase and holds exactly the body it was made with', async () => {
    const want = new Uint8Array(await readFile(join(FIXTURES, 'v1-body.json')));
    const v = await openVaultWithPassphrase(path, PASSPHRASE);
    try {
      expect(v.readBody()).toEqual(want);
    } finally {
      await v.lock();
    }
  });

  it('takes a commit and reopens with the new body', async () => {
    const v = await openVaultWithPassphrase(path, PASSPHRASE);
    const next = new TextEncoder().encode('{"formatVersion":2}');
    await v.commit(next);
    await v.lock();
    const again = await openVaultWithPassphrase(path, PASSPHRASE);
    try {
      expect(again.readBody()).toEqual(next);
    } finally {
      await again.lock();
    }
  });
});
