import { describe, expect, it } from 'vitest';
import { base64DecodeCanonical, base64Encode } from './base64.js';

describe('platform/base64', () => {
  it('agrees with btoa (RFC 4648) on random bytes of every length up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 0xff);
      const text = btoa(String.fromCharCode(...bytes)); // the web platform's RFC 4648 encoder
      expect(base64Encode(bytes)).toBe(text);
      expect(base64DecodeCanonical(text)).toEqual(bytes);
    }
  });

  it('refuses what Buffer alone would accept: no padding, URL alphabet, spaces, foreign characters, non-zero pad bits', () => {
    for (const bad of ['QQ', 'QQ=', 'Pz8_', 'Pz8-', 'QUJD RA==', 'QUJD\nRA==', 'QU*D', 'QR==', 'QUI=x', '====', 'QUJDRA==QQ==']) {
      expect(base64DecodeCanonical(bad), bad).toBeUndefined();
    }
  });

  it('decodes into memory of its own, not a shared pool', () => {
    const bytes = base64DecodeCanonical('QUJD')!;
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(3);
  });
});
