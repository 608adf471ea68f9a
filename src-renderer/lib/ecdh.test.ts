import { describe, expect, it } from 'vitest';
import { equalBytes, generateTestPeer, peerSharedSecret, webCryptoCurve } from './ecdh';

describe('ECDH test peer', () => {
  it('maps NIST specs to WebCrypto curves, and nothing else', () => {
    expect(webCryptoCurve('ECC_NIST_P256')).toBe('P-256');
    expect(webCryptoCurve('ECC_NIST_P384')).toBe('P-384');
    expect(webCryptoCurve('ECC_NIST_P521')).toBe('P-521');
    expect(webCryptoCurve('ECC_SECG_P256K1')).toBeNull();
    expect(webCryptoCurve('RSA_2048')).toBeNull();
  });
  it('two peers derive the same secret from each other\'s SPKI (P-256 and P-521)', async () => {
    for (const [curve, bytes] of [['P-256', 32], ['P-521', 66]] as const) {
      const a = await generateTestPeer(curve);
      const b = await generateTestPeer(curve);
      const ab = await peerSharedSecret(a, b.publicKeySpki, bytes);
      const ba = await peerSharedSecret(b, a.publicKeySpki, bytes);
      expect(ab.length).toBe(bytes);
      expect(equalBytes(ab, ba)).toBe(true);
    }
  });
  it('equalBytes compares length and content', () => {
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(equalBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });
});
