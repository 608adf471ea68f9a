import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from './rsa.js';
import { __TESTS, runSelfTests } from './self-test.js';
import * as V from './self-test-vectors.js';

/** The hex string with one bit of byte `i` (default: the last) flipped. */
function flip(hex: string, i = hex.length / 2 - 1): string {
  const b = Buffer.from(hex, 'hex');
  b[i]! ^= 1;
  return b.toString('hex');
}

describe('crypto self-tests', () => {
  it('pass on this platform and record when they ran', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const report = runSelfTests(at);
    expect(report.results.map((r) => [r.name, r.ok])).toEqual(__TESTS.CHECKS.map(([n]) => [n, true]));
    expect(report).toMatchObject({ ok: true, at });
  });

  it('include the vault primitives and the RSA DIGEST signing path', () => {
    expect(__TESTS.CHECKS.map(([n]) => n)).toEqual(expect.arrayContaining(['XChaCha20-Poly1305', 'scrypt', 'RSA PKCS #1 v1.5 DIGEST sign', 'RSA-PSS DIGEST sign']));
  });

  it('report which check failed when one does', () => {
    const broken: typeof __TESTS.CHECKS = [...__TESTS.CHECKS, ['Broken primitive', () => { throw new Error('known answer mismatch'); }]];
    const report = runSelfTests(new Date(), broken);
    expect(report.ok).toBe(false);
    expect(report.results.filter((r) => !r.ok)).toEqual([{ name: 'Broken primitive', ok: false, error: 'known answer mismatch' }]);
  });
});

describe('XChaCha20-Poly1305 known answer (draft-irtf-cfrg-xchacha-03 A.3.1)', () => {
  const v = V.XCHACHA20_POLY1305;
  it('passes with the draft vector', () => {
    expect(() => __TESTS.xchachaCheck(v)).not.toThrow();
  });
  it.each([
    ['key', { ...v, key: flip(v.key) }],
    ['nonce', { ...v, nonce: flip(v.nonce) }],
    ['aad', { ...v, aad: flip(v.aad) }],
    ['plaintext', { ...v, plaintext: flip(v.plaintext, 0) }],
    ['ciphertext', { ...v, sealed: flip(v.sealed, 0) }],
    ['tag', { ...v, sealed: flip(v.sealed) }],
  ])('fails when the vector\'s %s is altered', (_field, altered) => {
    expect(() => __TESTS.xchachaCheck(altered)).toThrow(/known answer mismatch|invalid tag/);
  });
});

describe('scrypt known answers (RFC 7914 §12)', () => {
  it('passes with both RFC vectors (N=16 at startup, N=1024 r=8 p=16 here)', () => {
    expect(() => __TESTS.scryptCheck(V.SCRYPT_EMPTY)).not.toThrow();
    expect(() => __TESTS.scryptCheck(V.SCRYPT_NACL)).not.toThrow();
  });
  it.each([
    ['derived key', { ...V.SCRYPT_EMPTY, dk: flip(V.SCRYPT_EMPTY.dk) }],
    // '01', not '00': HMAC pads its key with zeros, so "" and "\0" are the same password (RFC 2104 §2).
    ['password', { ...V.SCRYPT_EMPTY, password: '01' }],
    ['salt', { ...V.SCRYPT_EMPTY, salt: '00' }],
    ['cost', { ...V.SCRYPT_EMPTY, params: { N: 32, r: 1, p: 1 } }],
  ])('fails when the vector\'s %s is altered', (_field, altered) => {
    expect(() => __TESTS.scryptCheck(altered)).toThrow('known answer mismatch');
  });
});

describe('RSA DIGEST signing, pairwise (PKCS #1 v1.5 and PSS)', () => {
  it('passes with the Wycheproof key; PKCS #1 v1.5 equals the known signature', () => {
    expect(() => __TESTS.rsaDigestSignCheck('PKCS1', V.RSA_PKCS1)).not.toThrow();
    expect(() => __TESTS.rsaDigestSignCheck('PSS', V.RSA_PSS)).not.toThrow();
  });
  it('fails when the known PKCS #1 v1.5 signature is altered', () => {
    expect(() => __TESTS.rsaDigestSignCheck('PKCS1', { ...V.RSA_PKCS1, sig: flip(V.RSA_PKCS1.sig) })).toThrow('known answer mismatch');
  });
  it.each(['PKCS1', 'PSS'] as const)('%s fails when the private key is not the public key\'s', async (scheme) => {
    const other = await generateRsaKeyPair(2048);
    const v = scheme === 'PSS' ? V.RSA_PSS : V.RSA_PKCS1;
    expect(() => __TESTS.rsaDigestSignCheck(scheme, v, Buffer.from(other.privateKey).toString('hex'))).toThrow('node refused the DIGEST-path signature');
  });
});
