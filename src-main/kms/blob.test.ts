/**
 * Golden bytes: the symmetric ciphertext blob (blob.ts) and the encryption-context encoding
 * (encryption-context.ts) are stored by users, so their bytes are frozen here. Every input
 * is fixed (the blob's random IV through a mock of crypto/random.js); the expected hex was
 * built by hand from the layouts documented in those files, with the AES-256-GCM part
 * (NIST SP 800-38D) computed separately over that hand-built AAD. A change here means
 * blobs already handed out would no longer decrypt.
 */
import { describe, expect, it, vi } from 'vitest';
import { utf8 } from '../../src-shared/wire.js';
import type * as RandomModule from '../crypto/random.js';
import { bytesToHex as toHex, hexToBytes as fromHex } from '../../src-shared/wire.js';
import { BLOB_OVERHEAD, encodeBlobHeader, parseBlob } from './blob.js';
import { encodeEncryptionContext } from './encryption-context.js';
import { emptyState, type KeyRecord } from './model.js';
import { keyOfBlob, openWithKey, sealWithKey } from './symmetric.js';

const IV = '000102030405060708090a0b';
vi.mock('../crypto/random.js', async (importOriginal) => {
  const m = await importOriginal<typeof RandomModule>();
  // The blob's 12-byte IV is the only randomness sealWithKey draws.
  return { ...m, randomBytes: (n: number) => (n === 12 ? fromHex(IV).slice() : m.randomBytes(n)) };
});

const VAULT_ID = '00112233-4455-6677-8899-aabbccddeeff';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const MATERIAL_ID = '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20';
const KEY = '808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f';
const CONTEXT = { purpose: 'golden', app: 'keyward' };
const PLAINTEXT = 'Hello, Keyward';

/** version 01 ‖ vault id ‖ key id ‖ material id ‖ IV (77 bytes). */
const GOLDEN_HEADER = '01' + '00112233445566778899aabbccddeeff' + '1234abcd12ab34cd56ef1234567890ab' + MATERIAL_ID + IV;
/** Pairs sorted by key, each string as u32 big-endian byte length ‖ UTF-8. */
const GOLDEN_CONTEXT = '00000002' + '00000003' + '617070' + '00000007' + '6b6579776172' + '64' + '00000007' + '707572706f7365' + '00000006' + '676f6c64656e';
/** Header ‖ AES-256-GCM(KEY, IV, PLAINTEXT, AAD = header ‖ context) as ciphertext ‖ tag. */
const GOLDEN_BLOB = GOLDEN_HEADER + 'bb2513457a0a5ae0a30d2e0d5a32' + '0559091b30fec269fc17834a65b45c62';

function goldenKey(): { state: ReturnType<typeof emptyState>; key: KeyRecord } {
  const state = emptyState(VAULT_ID);
  const key: KeyRecord = {
    keyId: KEY_ID, creationDate: 0, description: '', keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS', state: 'Enabled', policy: '', rotation: { enabled: false, periodDays: 365, onDemandCount: 0 },
    materials: [{ id: MATERIAL_ID, bytes: fromHex(KEY), createdAt: 0 }], tags: [],
  };
  state.keys.set(KEY_ID, key);
  return { state, key };
}

describe('encryption context encoding (golden)', () => {
  it('encodes a context as count ‖ sorted length-prefixed pairs', () => {
    expect(toHex(encodeEncryptionContext(CONTEXT))).toBe(GOLDEN_CONTEXT);
  });

  it('encodes no context and an empty one as a zero count', () => {
    expect(toHex(encodeEncryptionContext(undefined))).toBe('00000000');
    expect(toHex(encodeEncryptionContext({}))).toBe('00000000');
  });

  it('sorts by UTF-16 code unit, not locale, and counts UTF-8 bytes', () => {
    // 'B' (0x42) sorts before 'a' (0x61); 'é' is two UTF-8 bytes.
    expect(toHex(encodeEncryptionContext({ a: 'é', B: '' }))).toBe('00000002' + '00000001' + '42' + '00000000' + '00000001' + '61' + '00000002' + 'c3a9');
  });
});

describe('ciphertext blob (golden)', () => {
  it('encodes the header byte for byte', () => {
    const header = encodeBlobHeader({ vaultId: VAULT_ID, keyId: KEY_ID, materialId: MATERIAL_ID, iv: fromHex(IV) });
    expect(toHex(header)).toBe(GOLDEN_HEADER);
    expect(BLOB_OVERHEAD).toBe(77 + 16);
  });

  it('seals to the frozen blob with a fixed key, IV and context', () => {
    const { state, key } = goldenKey();
    const { blob, material } = sealWithKey(state, key, utf8.encode(PLAINTEXT), CONTEXT);
    expect(toHex(blob)).toBe(GOLDEN_BLOB);
    expect(material.id).toBe(MATERIAL_ID);
  });

  it('decodes and opens the frozen blob', () => {
    const { state } = goldenKey();
    const parsed = parseBlob(fromHex(GOLDEN_BLOB));
    expect({ vaultId: parsed.vaultId, keyId: parsed.keyId, materialId: parsed.materialId, iv: toHex(parsed.iv), header: toHex(parsed.header), sealed: toHex(parsed.sealed) })
      .toEqual({ vaultId: VAULT_ID, keyId: KEY_ID, materialId: MATERIAL_ID, iv: IV, header: GOLDEN_HEADER, sealed: GOLDEN_BLOB.slice(GOLDEN_HEADER.length) });
    const { key } = keyOfBlob(state, fromHex(GOLDEN_BLOB), undefined);
    expect(utf8.decode(openWithKey(key, parsed, CONTEXT).plaintext)).toBe(PLAINTEXT);
  });

  it('refuses the frozen blob under another context, with another version byte or a changed IV', () => {
    const { state } = goldenKey();
    const blob = fromHex(GOLDEN_BLOB);
    const { key } = keyOfBlob(state, blob, undefined);
    expect(() => openWithKey(key, parseBlob(blob), { ...CONTEXT, app: 'other' })).toThrow(expect.objectContaining({ name: 'InvalidCiphertextException' }));
    const changed = blob.slice();
    changed[0] = 0x02;
    expect(() => parseBlob(changed)).toThrow(expect.objectContaining({ name: 'InvalidCiphertextException' }));
    const otherIv = blob.slice();
    otherIv[65]! ^= 1; // the IV's first byte: authenticated as AAD and used as the nonce
    expect(() => openWithKey(key, parseBlob(otherIv), CONTEXT)).toThrow(expect.objectContaining({ name: 'InvalidCiphertextException' }));
  });
});
