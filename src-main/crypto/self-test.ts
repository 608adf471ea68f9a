/**
 * Known-answer self-tests, run before the first cryptographic operation (as a FIPS 140
 * module's power-on self-tests would). If one fails, every operation refuses.
 */
import { createHash } from 'node:crypto';
import { aesGcmOpen, aesGcmSeal } from './aes-gcm.js';
import { fromHex, toHex } from './hex.js';
import { randomBytes } from './random.js';

export interface SelfTestResult {
  name: string;
  ok: boolean;
  error?: string;
}

export interface SelfTestReport {
  ok: boolean;
  at: Date;
  results: SelfTestResult[];
}

// AES-256-GCM known answer: Wycheproof aes_gcm_test.json, tcId 91.
const KAT = {
  key: '92ace3e348cd821092cd921aa3546374299ab46209691bc28b8752d17f123c20',
  iv: '00112233445566778899aabb',
  aad: '00000000ffffffff',
  msg: '00010203040506070809',
  sealed: 'e27abdd2d2a53d2f136b' + '9a4a2579529301bcfb71c78d4060f52c',
};

type Check = [name: string, run: () => void];

const CHECKS: Check[] = [
  ['AES-256-GCM encrypt', () => {
    const out = aesGcmSeal(fromHex(KAT.key), fromHex(KAT.iv), fromHex(KAT.msg), fromHex(KAT.aad));
    if (toHex(out) !== KAT.sealed) throw new Error('known answer mismatch');
  }],
  ['AES-256-GCM decrypt', () => {
    const out = aesGcmOpen(fromHex(KAT.key), fromHex(KAT.iv), fromHex(KAT.sealed), fromHex(KAT.aad));
    if (toHex(out) !== KAT.msg) throw new Error('known answer mismatch');
    const forged = fromHex(KAT.sealed);
    forged[0]! ^= 1;
    let refused = false;
    try {
      aesGcmOpen(fromHex(KAT.key), fromHex(KAT.iv), forged, fromHex(KAT.aad));
    } catch {
      refused = true;
    }
    if (!refused) throw new Error('a forged ciphertext was accepted');
  }],
  ['SHA-256', () => {
    // FIPS 180-2 Appendix B.1: SHA-256("abc").
    const h = createHash('sha256').update('abc').digest('hex');
    if (h !== 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad') throw new Error('known answer mismatch');
  }],
  ['DRBG health', () => {
    // A stuck generator returns the same block twice (FIPS 140-2 §4.9.2 continuous test).
    if (toHex(randomBytes(32)) === toHex(randomBytes(32))) throw new Error('two random blocks were equal');
  }],
];

export function runSelfTests(now: Date, checks: Check[] = CHECKS): SelfTestReport {
  const results = checks.map(([name, run]): SelfTestResult => {
    try {
      run();
      return { name, ok: true };
    } catch (e) {
      return { name, ok: false, error: e instanceof Error ? e.message : 'failed' };
    }
  });
  return { ok: results.every((r) => r.ok), at: now, results };
}

export const __TESTS = { CHECKS, KAT };
