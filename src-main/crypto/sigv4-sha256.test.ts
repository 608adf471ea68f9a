import { Sha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from './random.js';
import { Sigv4Sha256 } from './sigv4-sha256.js';

describe('node:crypto SHA-256 for the signer', () => {
  it('matches @aws-crypto/sha256-js for hashes and HMACs on random inputs', async () => {
    for (let i = 0; i < 50; i++) {
      const data = randomBytes(i * 37);
      const key = randomBytes(i % 70);
      const a = new Sigv4Sha256();
      const b = new Sha256();
      a.update(data);
      b.update(data);
      expect(Buffer.from(await a.digest())).toEqual(Buffer.from(await b.digest()));
      const ha = new Sigv4Sha256(key);
      const hb = new Sha256(key);
      ha.update(data);
      hb.update(data);
      expect(Buffer.from(await ha.digest())).toEqual(Buffer.from(await hb.digest()));
    }
  });

  it('reset starts over; text is hashed as UTF-8', async () => {
    const a = new Sigv4Sha256('k');
    a.update('garbage');
    a.reset();
    a.update('é');
    const b = new Sha256('k');
    b.update(new TextEncoder().encode('é'));
    expect(Buffer.from(await a.digest())).toEqual(Buffer.from(await b.digest()));
  });
});
