import { describe, expect, it } from 'vitest';
import { aKdfParams, DEFAULT_KDF, deriveKek, maxmemFor } from './kdf.js';

describe('kdf', () => {
  it('defaults are scrypt N=2^17, r=8, p=1', () => {
    expect(DEFAULT_KDF).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(Object.isFrozen(DEFAULT_KDF)).toBe(true);
    // 128·r·N = 128 MiB must fit under maxmem (>= 256 MiB).
    expect(maxmemFor(DEFAULT_KDF)).toBeGreaterThanOrEqual(256 * 2 ** 20);
  });

  it('accepts the test floor N=2^10 and returns a clean copy', () => {
    expect(aKdfParams({ N: 1024, r: 8, p: 1, extra: 1 })).toEqual({ N: 1024, r: 8, p: 1 });
  });

  const bad: Array<[string, unknown, typeof TypeError | typeof RangeError]> = [
    ['N below 2^10', { N: 512, r: 8, p: 1 }, RangeError],
    ['N not a power of two', { N: 3000, r: 8, p: 1 }, RangeError],
    ['N above 2^20', { N: 2 ** 21, r: 8, p: 1 }, RangeError],
    ['N fractional', { N: 1024.5, r: 8, p: 1 }, RangeError],
    ['N NaN', { N: NaN, r: 8, p: 1 }, RangeError],
    ['r zero', { N: 1024, r: 0, p: 1 }, RangeError],
    ['r too big', { N: 1024, r: 33, p: 1 }, RangeError],
    ['p zero', { N: 1024, r: 8, p: 0 }, RangeError],
    ['p negative', { N: 1024, r: 8, p: -1 }, RangeError],
    ['memory above 1 GiB', { N: 2 ** 20, r: 16, p: 1 }, RangeError],
    ['N a string', { N: '1024', r: 8, p: 1 }, TypeError],
    ['not an object', 1024, TypeError],
    ['null', null, TypeError],
  ];
  for (const [label, value, E] of bad) {
    it(`refuses ${label}`, () => {
      expect(() => aKdfParams(value)).toThrow(E);
    });
  }

  it('derives the same key for NFC and NFD spellings of a passphrase', async () => {
    const salt = new Uint8Array(16).fill(7);
    const p = { N: 1024, r: 8, p: 1 };
    const a = await deriveKek('caf\u00e9', salt, p);
    const b = await deriveKek('cafe\u0301', salt, p);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a.length).toBe(32);
  });
});
