import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8Bytes } from './bytes';
import { digest, digestLength, hashOfAlgorithm, planMessage, RAW_MESSAGE_MAX } from './digest';

describe('hashOfAlgorithm', () => {
  it('reads the SHA-2 size from the algorithm name', () => {
    expect(hashOfAlgorithm('ECDSA_SHA_256')).toBe('SHA-256');
    expect(hashOfAlgorithm('RSASSA_PSS_SHA_384')).toBe('SHA-384');
    expect(hashOfAlgorithm('RSASSA_PKCS1_V1_5_SHA_512')).toBe('SHA-512');
    expect(hashOfAlgorithm('ED25519_PH_SHA_512')).toBe('SHA-512');
  });
  it('is null for algorithms that hash with something else', () => {
    expect(hashOfAlgorithm('ML_DSA_SHAKE_256')).toBeNull();
    expect(hashOfAlgorithm('SM2DSA')).toBeNull();
  });
  it('gives digest lengths KMS checks', () => {
    expect([digestLength('SHA-256'), digestLength('SHA-384'), digestLength('SHA-512')]).toEqual([32, 48, 64]);
  });
});

describe('planMessage (digest choice)', () => {
  const both = ['RAW', 'DIGEST'] as const;
  it('sends typed text RAW unless a digest is asked for', () => {
    expect(planMessage({ algorithm: 'ECDSA_SHA_256', accepted: both, source: 'text', size: 10, wantDigest: false })).toEqual({ ok: true, messageType: 'RAW' });
    expect(planMessage({ algorithm: 'ECDSA_SHA_384', accepted: both, source: 'text', size: 10, wantDigest: true })).toEqual({ ok: true, messageType: 'DIGEST', hash: 'SHA-384' });
  });
  it('hashes files locally, whatever their size', () => {
    expect(planMessage({ algorithm: 'RSASSA_PSS_SHA_512', accepted: both, source: 'file', size: 5, wantDigest: false })).toEqual({ ok: true, messageType: 'DIGEST', hash: 'SHA-512' });
    expect(planMessage({ algorithm: 'ECDSA_SHA_256', accepted: both, source: 'file', size: 10_000_000, wantDigest: false })).toMatchObject({ messageType: 'DIGEST' });
  });
  it('hashes text longer than RAW allows', () => {
    expect(planMessage({ algorithm: 'ECDSA_SHA_256', accepted: both, source: 'text', size: RAW_MESSAGE_MAX + 1, wantDigest: false })).toMatchObject({ messageType: 'DIGEST' });
  });
  it('keeps RAW-only algorithms RAW, and refuses what does not fit', () => {
    expect(planMessage({ algorithm: 'ED25519_SHA_512', accepted: ['RAW'], source: 'file', size: 100, wantDigest: false })).toEqual({ ok: true, messageType: 'RAW' });
    expect(planMessage({ algorithm: 'ML_DSA_SHAKE_256', accepted: ['RAW', 'EXTERNAL_MU'], source: 'text', size: 100, wantDigest: true })).toEqual({ ok: true, messageType: 'RAW' });
    expect(planMessage({ algorithm: 'ED25519_SHA_512', accepted: ['RAW'], source: 'file', size: RAW_MESSAGE_MAX + 1, wantDigest: false })).toMatchObject({ ok: false, error: expect.stringContaining('4096') });
  });
  it('always hashes for DIGEST-only algorithms', () => {
    expect(planMessage({ algorithm: 'ED25519_PH_SHA_512', accepted: ['DIGEST'], source: 'text', size: 3, wantDigest: false })).toEqual({ ok: true, messageType: 'DIGEST', hash: 'SHA-512' });
  });
  it('refuses an empty message', () => {
    expect(planMessage({ algorithm: 'ECDSA_SHA_256', accepted: both, source: 'text', size: 0, wantDigest: false })).toMatchObject({ ok: false });
  });
});

describe('digest', () => {
  it('is SHA-2 from WebCrypto (FIPS 180-4 "abc" vectors)', async () => {
    expect(bytesToHex(await digest('SHA-256', utf8Bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(bytesToHex(await digest('SHA-384', utf8Bytes('abc')))).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect((await digest('SHA-512', utf8Bytes('abc'))).length).toBe(64);
  });
});
