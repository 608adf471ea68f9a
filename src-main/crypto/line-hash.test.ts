/** LineDigest agrees with node's createHash / createHmac (RFC 2104) over the same bytes. */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LineDigest } from './line-hash.js';

const text = 'a'.repeat(64) + '\n';

describe('LineDigest', () => {
  it('is SHA-256 without a key and HMAC-SHA256 with one, for short, long and empty parts', () => {
    for (const keyLen of [16, 32, 64, 65, 100]) {
      const key = randomBytes(keyLen);
      const mac = new LineDigest(key);
      const sha = new LineDigest();
      for (const [la, lb] of [[0, 0], [10, 300], [3000, 5000], [700, 1]]) {
        const a = randomBytes(la!);
        const b = randomBytes(lb!);
        expect(mac.hex(text, a, b)).toBe(createHmac('sha256', key).update(text).update(a).update(b).digest('hex'));
        expect(sha.hex(text, a, b)).toBe(createHash('sha256').update(text).update(a).update(b).digest('hex'));
      }
    }
  });

  it('still agrees after the scratch grew, and differs under another key', () => {
    const key = randomBytes(32);
    const mac = new LineDigest(key);
    const big = randomBytes(20_000);
    mac.hex(text, big, big);
    const a = randomBytes(100);
    expect(mac.hex(text, a, a)).toBe(createHmac('sha256', key).update(text).update(a).update(a).digest('hex'));
    expect(new LineDigest(randomBytes(32)).hex(text, a, a)).not.toBe(mac.hex(text, a, a));
    mac.wipe();
    expect(mac.hex(text, a, a)).not.toBe(createHmac('sha256', key).update(text).update(a).update(a).digest('hex'));
  });

  it('ofRanges hashes the ranges and the separator as one message, and refuses a range outside the source', () => {
    const key = randomBytes(32);
    const src = randomBytes(500);
    const msg = Buffer.concat([src.subarray(400, 464), Buffer.from([10]), src.subarray(0, 30), src.subarray(104, 500)]);
    expect(new LineDigest(key).ofRanges(src, 400, 464, 10, 0, 30, 104, 500)).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    expect(new LineDigest().ofRanges(src, 400, 464, 10, 0, 30, 104, 500)).toBe(createHash('sha256').update(msg).digest('hex'));
    expect(() => new LineDigest().ofRanges(src, 0, 10, 10, 0, 30, 104, 501)).toThrow(RangeError);
  });
});

