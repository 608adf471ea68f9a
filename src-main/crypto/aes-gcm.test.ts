import { readFileSync } from 'node:fs';
import { gcm } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { aesGcmOpen, aesGcmSeal, GCM_IV_MAX_BYTES } from './aes-gcm.js';
import { bytesToHex as toHex, hexToBytes as fromHex } from '../../src-shared/wire.js';
import { randomBytes } from './random.js';

interface GcmCase { tcId: number; key: string; iv: string; aad: string; msg: string; ct: string; tag: string; result: 'valid' | 'invalid' | 'acceptable'; comment: string }
interface GcmFile { testGroups: { ivSize: number; keySize: number; tagSize: number; tests: GcmCase[] }[] }

const FILE = 'aes_gcm_test.json';
const vectors = JSON.parse(readFileSync(new URL(`./vectors/wycheproof/${FILE}`, import.meta.url), 'utf8')) as GcmFile; // shape per Wycheproof's aead_test_schema

describe('AES-GCM: Wycheproof vectors through the wrapper', () => {
  const all = vectors.testGroups.flatMap((g) => g.tests.map((t) => ({ g, t })));
  const tooLongIv = (c: { g: { ivSize: number } }) => c.g.ivSize / 8 > GCM_IV_MAX_BYTES;
  const cases = all.filter((c) => !tooLongIv(c));
  const label = ({ g, t }: (typeof all)[number]) => `${FILE} keySize=${g.keySize} ivSize=${g.ivSize} tcId=${t.tcId} ${t.result}`;
  it.skip.each(all.filter(tooLongIv).map((c) => [label(c)]))(
    '%s (skipped: OpenSSL/BoringSSL GCM takes IVs of at most 128 bytes; the wrapper refuses longer ones with a RangeError, tested below)',
    () => {},
  );
  it('refuses IVs longer than the native limit with a RangeError', () => {
    expect(() => aesGcmSeal(new Uint8Array(16), new Uint8Array(GCM_IV_MAX_BYTES + 1), new Uint8Array(1), new Uint8Array())).toThrow(RangeError);
  });
  it.each(cases.map((c) => [label(c), c.g, c.t] as const))(
    '%s',
    (_label, _g, t) => {
      const key = fromHex(t.key);
      const iv = fromHex(t.iv);
      const aad = fromHex(t.aad);
      const sealed = fromHex(t.ct + t.tag);
      if (t.result === 'valid') {
        expect(toHex(aesGcmSeal(key, iv, fromHex(t.msg), aad))).toBe(t.ct + t.tag);
        expect(toHex(aesGcmOpen(key, iv, sealed, aad))).toBe(t.msg);
      } else {
        // invalid: a forged tag, an empty IV, or similar; opening must refuse.
        expect(() => aesGcmOpen(key, iv, sealed, aad)).toThrow();
      }
    },
  );
  it('covers both outcomes', () => {
    expect(cases.filter((c) => c.t.result === 'valid').length).toBeGreaterThan(200);
    expect(all.length - cases.length).toBeLessThanOrEqual(3);
    expect(cases.filter((c) => c.t.result === 'invalid').length).toBeGreaterThan(50);
  });
});

describe('AES-GCM: node:crypto cross-checked against @noble/ciphers on random inputs', () => {
  it('agrees on 200 random (key, iv, aad, plaintext) tuples', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const aad = randomBytes(i % 40);
      const pt = randomBytes((i * 37) % 1500);
      const ours = aesGcmSeal(key, iv, pt, aad);
      const noble = gcm(key, iv, aad).encrypt(pt);
      expect(toHex(ours)).toBe(toHex(noble));
      expect(toHex(gcm(key, iv, aad).decrypt(ours))).toBe(toHex(pt));
    }
  });

  it('refuses a flipped bit anywhere in ciphertext or tag', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const sealed = aesGcmSeal(key, iv, randomBytes(64), new Uint8Array());
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i]! ^= 1;
      expect(() => aesGcmOpen(key, iv, bad, new Uint8Array())).toThrow('AES-GCM authentication failed');
    }
  });

  it('guards: wrong key size is a RangeError, wrong type a TypeError', () => {
    expect(() => aesGcmSeal(new Uint8Array(15), new Uint8Array(12), new Uint8Array(1), new Uint8Array())).toThrow(RangeError);
    expect(() => aesGcmSeal('k' as unknown as Uint8Array, new Uint8Array(12), new Uint8Array(1), new Uint8Array())).toThrow(TypeError); // deliberate wrong type
  });
});
