import { describe, expect, it } from 'vitest';
import { randomBytes, randomUuid } from './random.js';

describe('randomBytes (pooled)', () => {
  it('gives the length asked for, in memory of its own, for pooled and direct sizes', () => {
    for (const n of [0, 1, 12, 32, 256, 257, 4096]) {
      const b = randomBytes(n);
      expect(b.length).toBe(n);
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength).toBe(n);
    }
    expect(() => randomBytes(-1)).toThrow(RangeError);
    expect(() => randomBytes(1.5)).toThrow(RangeError);
  });

  it('never hands out the same bytes twice, across pool refills (3 x 16 KiB of 12-byte IVs)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4200; i++) seen.add(Buffer.from(randomBytes(12)).toString('hex'));
    expect(seen.size).toBe(4200);
  });

  it('looks uniform: every byte value appears, and about half the bits are set', () => {
    const counts = new Array<number>(256).fill(0);
    let ones = 0;
    for (let i = 0; i < 2000; i++) {
      for (const x of randomBytes(32)) {
        counts[x]! += 1;
        for (let v = x; v; v >>= 1) ones += v & 1;
      }
    }
    expect(Math.min(...counts)).toBeGreaterThan(0);
    // 512,000 bits: the share of ones is 0.5 +- 0.0007 (one sigma); 0.49..0.51 is ~14 sigma.
    expect(ones / (2000 * 32 * 8)).toBeGreaterThan(0.49);
    expect(ones / (2000 * 32 * 8)).toBeLessThan(0.51);
  });

  it('randomUuid is a version 4 UUID', () => {
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
