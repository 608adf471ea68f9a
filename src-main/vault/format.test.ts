import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IncorrectPassphraseException, KeychainUnavailableException, VaultCorruptedException,
} from '../../src-shared/kms/errors.js';
import { sha256 } from '../crypto/hash.js';
import { bytes, FAST_KDF, FakeKeychain, tempDir } from '../testing/vault-kit.js';
import { MAGIC, NONCE_LENGTH, PREFIX_LENGTH, TAG_LENGTH, TRAILER_LENGTH } from './format.js';
import { createVault, openVaultWithKeychain, openVaultWithPassphrase, readVaultHeader } from './vault.js';

const PASS = 'pass phrase';
let dir: string;
let cleanup: () => Promise<void>;
let path: string;
let good: Uint8Array;
let kc: FakeKeychain;

/** Named byte ranges [start, end) of the file, from its layout (format.ts). */
let regions: Array<{ name: string; start: number; end: number }>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, 'v.kwv');
  kc = new FakeKeychain();
  const h = await createVault(path, PASS, bytes('the body: '.repeat(8)), { kdf: FAST_KDF, keychain: kc });
  await h.lock();
  good = new Uint8Array(await readFile(path));
  const hlen = new DataView(good.buffer, good.byteOffset).getUint32(10);
  const headerText = new TextDecoder().decode(good.subarray(PREFIX_LENGTH, PREFIX_LENGTH + hlen));
  const field = (json: string, from = 0) => {
    const i = headerText.indexOf(json, from);
    if (i < 0) throw new Error(`no ${json} in header`);
    return PREFIX_LENGTH + i;
  };
  const pp = field('{"type":"passphrase"');
  const kcs = field('{"type":"keychain"');
  const bodyStart = PREFIX_LENGTH + hlen + NONCE_LENGTH;
  const trailer = good.length - TRAILER_LENGTH;
  regions = [
    { name: 'magic', start: 0, end: MAGIC.length },
    { name: 'version', start: 8, end: 10 },
    { name: 'header length', start: 10, end: PREFIX_LENGTH },
    { name: 'header (vaultId, createdAt, generation, keyCheck)', start: PREFIX_LENGTH, end: Math.min(pp, kcs) },
    { name: 'passphrase slot', start: pp, end: headerText.indexOf('}', pp - PREFIX_LENGTH) + PREFIX_LENGTH + 1 },
    { name: 'passphrase slot wrappedKey', start: field('"wrappedKey"', pp - PREFIX_LENGTH), end: field('"wrappedKey"', pp - PREFIX_LENGTH) + 80 },
    { name: 'keychain slot', start: kcs, end: headerText.indexOf('}', kcs - PREFIX_LENGTH) + PREFIX_LENGTH + 1 },
    { name: 'body nonce', start: PREFIX_LENGTH + hlen, end: bodyStart },
    { name: 'body ciphertext', start: bodyStart, end: trailer - TAG_LENGTH },
    { name: 'body tag', start: trailer - TAG_LENGTH, end: trailer },
    { name: 'trailer', start: trailer, end: good.length },
  ];
  for (const r of regions) expect(r.end, r.name).toBeGreaterThan(r.start);
});

afterAll(() => cleanup());

async function attempt(file: Uint8Array): Promise<unknown> {
  await writeFile(path, file);
  try {
    const h = await openVaultWithPassphrase(path, PASS);
    await h.lock();
    return 'opened';
  } catch (e) {
    return e;
  }
}

function regionOf(offset: number): string {
  return regions.filter((r) => offset >= r.start && offset < r.end).map((r) => r.name).join(', ') || 'between regions';
}

function withTrailer(file: Uint8Array): Uint8Array {
  const out = file.slice();
  const end = out.length - TRAILER_LENGTH;
  out.set(sha256(out.subarray(0, end)), end);
  return out;
}

describe('corruption', () => {
  it('opens the untouched file (control)', async () => {
    expect(await attempt(good)).toBe('opened');
  });

  it('detects a flipped byte at every offset as VaultCorruptedException', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      const e = await attempt(bad);
      expect(e, `offset ${i} (${regionOf(i)})`).toBeInstanceOf(VaultCorruptedException);
      seen.add(regionOf(i));
    }
    for (const r of regions) expect([...seen].some((s) => s.includes(r.name)), r.name).toBe(true);
  });

  it('detects truncation to every shorter length, and an appended byte', async () => {
    for (let n = 0; n < good.length; n++) {
      expect(await attempt(good.slice(0, n)), `length ${n}`).toBeInstanceOf(VaultCorruptedException);
    }
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    expect(await attempt(longer)).toBeInstanceOf(VaultCorruptedException);
  });

  it('never returns a body for a deliberate edit with a recomputed trailer, in any region', async () => {
    // Every header byte, plus a spread over the rest (the body is not parsed, so the tag covers it).
    const hlen = new DataView(good.buffer, good.byteOffset).getUint32(10);
    const offsets: number[] = [];
    for (let i = 0; i < PREFIX_LENGTH + hlen; i++) offsets.push(i);
    for (let i = PREFIX_LENGTH + hlen; i < good.length - TRAILER_LENGTH; i += 3) offsets.push(i);
    for (const i of offsets) {
      const bad = good.slice();
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      const e = await attempt(withTrailer(bad));
      const where = `offset ${i} (${regionOf(i)})`;
      expect(e, where).not.toBe('opened');
      // A changed salt, nonce or wrapped key cannot be told from a wrong passphrase; anything
      // else is reported as damage.
      if (e instanceof IncorrectPassphraseException) {
        expect(regionOf(i), where).toMatch(/passphrase slot|header \(vaultId/);
      } else {
        expect(e, where).toBeInstanceOf(VaultCorruptedException);
      }
    }
  });

  it('detects damage on the keychain path too', async () => {
    const bad = good.slice();
    const i = good.length - TRAILER_LENGTH - 5;
    bad[i] = (bad[i] ?? 0) ^ 0x80;
    await writeFile(path, bad);
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(VaultCorruptedException);
    await writeFile(path, withTrailer(bad));
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(VaultCorruptedException);
    await expect(readVaultHeader(path)).resolves.toMatchObject({ hasKeychainSlot: true });
    // The keychain slot's blob edited: the fake keychain no longer knows it.
    const headerText = Buffer.from(good).toString('latin1');
    const blobAt = headerText.indexOf('"blob":"') + 8;
    const bad2 = good.slice();
    bad2[blobAt] = bad2[blobAt] === 0x41 ? 0x42 : 0x41;
    await writeFile(path, withTrailer(bad2));
    await expect(openVaultWithKeychain(path, kc)).rejects.toThrow(KeychainUnavailableException);
  });

  it('says when a file is not a vault, or from a newer format version', async () => {
    expect(await attempt(bytes('{"hello":"world"}'))).toHaveProperty('message', expect.stringMatching(/not a Keyward vault/));
    const v2 = good.slice();
    v2[9] = 2;
    expect(await attempt(withTrailer(v2))).toHaveProperty('message', expect.stringMatching(/format version 2.*Update Keyward/));
    expect(await attempt(v2)).toHaveProperty('message', expect.stringMatching(/damaged/));
  });

  it('refuses scrypt parameters in a file beyond the limits', async () => {
    const s = Buffer.from(good).toString('latin1');
    const bad = new Uint8Array(Buffer.from(s.replace('"N":1024', '"N":1000'), 'latin1'));
    expect(bad.length).toBe(good.length);
    const e = await attempt(withTrailer(bad));
    expect(e).toBeInstanceOf(VaultCorruptedException);
    expect(String(e)).toMatch(/power of two/);
  });

  it('never puts the passphrase or key bytes into messages', async () => {
    const bad = good.slice();
    bad[40] = (bad[40] ?? 0) ^ 1;
    const e = await attempt(withTrailer(bad));
    expect(String(e)).not.toContain(PASS);
  });
});
