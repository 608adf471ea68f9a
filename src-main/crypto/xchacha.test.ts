import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from './random.js';
import { xchachaOpen, xchachaSeal } from './xchacha.js';

describe('XChaCha20-Poly1305 (HChaCha20 + native ChaCha20-Poly1305)', () => {
  it('agrees with the pure-JS construction at every size, with and without AAD, and refuses any change', () => {
    for (const len of [0, 1, 15, 16, 17, 63, 64, 65, 1000, 70_000]) {
      const key = randomBytes(32);
      const nonce = randomBytes(24);
      const pt = randomBytes(len);
      for (const aad of [undefined, randomBytes(len % 50)]) {
        const ours = xchachaSeal(key, nonce, pt, aad);
        expect(ours).toEqual(xchacha20poly1305(key, nonce, aad).encrypt(pt));
        expect(xchachaOpen(key, nonce, ours, aad)).toEqual(pt);
        const bad = ours.slice();
        bad[len % bad.length]! ^= 1;
        expect(() => xchachaOpen(key, nonce, bad, aad)).toThrow(/invalid tag/);
      }
    }
  });
});
