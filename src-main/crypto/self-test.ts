/**
 * Known-answer self-tests, run before the first cryptographic operation (as a FIPS 140
 * module's power-on self-tests would). If one fails, every operation refuses.
 */
import { createPrivateKey } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { base64urlnopad } from '@scure/base';
import { aesGcmOpen, aesGcmSeal } from './aes-gcm.js';
import { ecdhDerive } from './ecdh.js';
import { ecdsaSign, ecdsaVerify, generateEcKeyPair } from './ecdsa.js';
import { ed25519phSign, ed25519phVerify, ed25519Verify, generateEd25519KeyPair } from './ed25519.js';
import { bytesToHex as toHex, hexToBytes as fromHex } from '../../src-shared/wire.js';
import { sha256, sha256Hex } from './hash.js';
import { hmac } from './hmac.js';
import { generateMlDsaKeyPair, mlDsaSign, mlDsaVerify, mlDsaVerifyRaw } from './ml-dsa.js';
import { __TESTS as KEM, mlKemDecapsulate } from './ml-kem.js';
import { randomBytes } from './random.js';
import { rsaOaepDecrypt, rsaPrivateKey, rsaPublicKey, rsaSign, rsaVerify, type RsaScheme } from './rsa.js';
import { scryptSync } from './scrypt.js';
import * as V from './self-test-vectors.js';
import { xchachaOpen, xchachaSeal } from './xchacha.js';

/** One check's outcome; `error` is the failure's message. */
export interface SelfTestResult {
  name: string;
  ok: boolean;
  error?: string;
}

/** All checks' outcomes; `ok` only when every check passed. */
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
    const h = sha256Hex('abc');
    if (h !== 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad') throw new Error('known answer mismatch');
  }],
  // One known answer per algorithm family (self-test-vectors.ts names each Wycheproof case).
  // Verify-only answers are paired with a sign/verify round trip (a pairwise consistency test).
  ['HMAC-SHA-256', () => {
    if (toHex(hmac('sha256', fromHex(V.HMAC_SHA256.key), fromHex(V.HMAC_SHA256.msg))) !== V.HMAC_SHA256.tag) throw new Error('known answer mismatch');
  }],
  ['RSA PKCS #1 v1.5 verify', () => {
    const key = rsaPublicKey(fromHex(V.RSA_PKCS1.spki));
    expectVerify((m) => rsaVerify(key, 'PKCS1', 'sha256', fromHex(m), false, fromHex(V.RSA_PKCS1.sig)), V.RSA_PKCS1.msg);
    const digest = sha256(fromHex(V.RSA_PKCS1.msg));
    if (!rsaVerify(key, 'PKCS1', 'sha256', digest, true, fromHex(V.RSA_PKCS1.sig))) throw new Error('DIGEST path refused the known answer');
  }],
  ['RSA-PSS verify', () => {
    const key = rsaPublicKey(fromHex(V.RSA_PSS.spki));
    expectVerify((m) => rsaVerify(key, 'PSS', 'sha256', fromHex(m), false, fromHex(V.RSA_PSS.sig)), V.RSA_PSS.msg);
    const digest = sha256(fromHex(V.RSA_PSS.msg));
    if (!rsaVerify(key, 'PSS', 'sha256', digest, true, fromHex(V.RSA_PSS.sig))) throw new Error('DIGEST path refused the known answer');
  }],
  ['RSA PKCS #1 v1.5 DIGEST sign', () => rsaDigestSignCheck('PKCS1', V.RSA_PKCS1)],
  ['RSA-PSS DIGEST sign', () => rsaDigestSignCheck('PSS', V.RSA_PSS)],
  ['XChaCha20-Poly1305', () => xchachaCheck(V.XCHACHA20_POLY1305)],
  ['scrypt', () => scryptCheck(V.SCRYPT_EMPTY)],
  ['RSA-OAEP decrypt', () => {
    const out = rsaOaepDecrypt(rsaPrivateKey(fromHex(V.RSA_OAEP.pkcs8)), 'sha256', fromHex(V.RSA_OAEP.ct));
    if (toHex(out) !== V.RSA_OAEP.msg) throw new Error('known answer mismatch');
  }],
  ['ECDSA P-256', () => {
    expectVerify((m) => ecdsaVerify('P-256', 'sha256', fromHex(V.ECDSA_P256.spki), fromHex(m), false, fromHex(V.ECDSA_P256.sig)), V.ECDSA_P256.msg);
    const pair = generateEcKeyPair('P-256');
    const msg = randomBytes(32);
    if (!ecdsaVerify('P-256', 'sha256', pair.publicKey, msg, false, ecdsaSign('P-256', 'sha256', pair.privateKey, msg, false))) throw new Error('pairwise consistency failed');
  }],
  ['ECDSA secp256k1', () => {
    expectVerify((m) => ecdsaVerify('secp256k1', 'sha256', fromHex(V.ECDSA_K256.spki), fromHex(m), false, fromHex(V.ECDSA_K256.sig)), V.ECDSA_K256.msg);
    const pair = generateEcKeyPair('secp256k1');
    const msg = randomBytes(32);
    if (!ecdsaVerify('secp256k1', 'sha256', pair.publicKey, msg, false, ecdsaSign('secp256k1', 'sha256', pair.privateKey, msg, false))) throw new Error('pairwise consistency failed');
  }],
  ['ECDH P-256', () => {
    const d = fromHex(V.ECDH_P256.d).slice(-32);
    const q = p256.getPublicKey(d, false);
    const b64 = (b: Uint8Array) => base64urlnopad.encode(b); // JWK members (RFC 7515 §2)
    const pkcs8 = new Uint8Array(createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: b64(d), x: b64(q.slice(1, 33)), y: b64(q.slice(33)) }, format: 'jwk' }).export({ format: 'der', type: 'pkcs8' }));
    if (toHex(ecdhDerive('P-256', pkcs8, fromHex(V.ECDH_P256.peerSpki))) !== V.ECDH_P256.shared) throw new Error('known answer mismatch');
  }],
  ['Ed25519', () => {
    expectVerify((m) => ed25519Verify(fromHex(V.ED25519.spki), fromHex(m), fromHex(V.ED25519.sig)), V.ED25519.msg);
    const pair = generateEd25519KeyPair();
    const digest = randomBytes(64);
    if (!ed25519phVerify(pair.publicKey, digest, ed25519phSign(pair.privateKey, digest))) throw new Error('Ed25519ph pairwise consistency failed');
  }],
  ['ML-DSA-44', () => {
    expectVerify((m) => mlDsaVerifyRaw(44, fromHex(V.ML_DSA_44.pk), fromHex(m), fromHex(V.ML_DSA_44.sig)), V.ML_DSA_44.msg);
    const pair = generateMlDsaKeyPair(44);
    const msg = randomBytes(32);
    if (!mlDsaVerify(44, pair.publicKey, msg, false, mlDsaSign(44, pair.privateKey, msg, false))) throw new Error('pairwise consistency failed');
  }],
  ['ML-KEM-512', () => {
    const { secretKey } = KEM.IMPL[512].keygen(fromHex(V.ML_KEM_512.seed));
    if (toHex(mlKemDecapsulate(512, secretKey, fromHex(V.ML_KEM_512.c))) !== V.ML_KEM_512.K) throw new Error('known answer mismatch');
  }],
  ['DRBG health', () => {
    // A stuck generator returns the same block twice (FIPS 140-2 §4.9.2 continuous test).
    if (toHex(randomBytes(32)) === toHex(randomBytes(32))) throw new Error('two random blocks were equal');
  }],
];

/** The known signature must verify, and must not verify for a changed message. */
function expectVerify(check: (msgHex: string) => boolean, msgHex: string): void {
  if (!check(msgHex)) throw new Error('a known-good signature was refused');
  const changed = fromHex(msgHex);
  changed[0]! ^= 1;
  if (check(toHex(changed))) throw new Error('a signature over a changed message was accepted');
}

/**
 * XChaCha20-Poly1305 (the vault's AEAD): seal gives the known ciphertext ‖ tag, open gives
 * the plaintext back, and a changed tag is refused.
 */
function xchachaCheck(v: typeof V.XCHACHA20_POLY1305): void {
  const [key, nonce, aad] = [fromHex(v.key), fromHex(v.nonce), fromHex(v.aad)];
  if (toHex(xchachaSeal(key, nonce, fromHex(v.plaintext), aad)) !== v.sealed) throw new Error('known answer mismatch');
  if (toHex(xchachaOpen(key, nonce, fromHex(v.sealed), aad)) !== v.plaintext) throw new Error('known answer mismatch');
  const forged = fromHex(v.sealed);
  forged[forged.length - 1]! ^= 1;
  let refused = false;
  try {
    xchachaOpen(key, nonce, forged, aad);
  } catch {
    refused = true;
  }
  if (!refused) throw new Error('a forged ciphertext was accepted');
}

/** scrypt (the vault's KDF) gives the known key; password, salt and key are hex. */
function scryptCheck(v: typeof V.SCRYPT_EMPTY): void {
  if (toHex(scryptSync(fromHex(v.password), fromHex(v.salt), v.dk.length / 2, v.params)) !== v.dk) throw new Error('known answer mismatch');
}

/**
 * The hand-written DIGEST signing path (rsa.ts: EMSA-PKCS1-v1_5 and EMSA-PSS encoded here,
 * raw RSA in OpenSSL), pairwise: sign H(msg) with the Wycheproof key's private half, then
 * node's own verify over the message (the RAW path) and the DIGEST verify must accept it.
 * PKCS #1 v1.5 is deterministic, so its signature must also equal the Wycheproof one.
 */
function rsaDigestSignCheck(scheme: RsaScheme, v: { spki: string; msg: string; sig: string }, pkcs8: string = V.RSA_OAEP.pkcs8): void {
  const msg = fromHex(v.msg);
  const digest = sha256(msg);
  const sig = rsaSign(rsaPrivateKey(fromHex(pkcs8)), scheme, 'sha256', digest, true);
  const pub = rsaPublicKey(fromHex(v.spki));
  if (!rsaVerify(pub, scheme, 'sha256', msg, false, sig)) throw new Error('node refused the DIGEST-path signature');
  if (!rsaVerify(pub, scheme, 'sha256', digest, true, sig)) throw new Error('the DIGEST path refused its own signature');
  if (scheme === 'PKCS1' && toHex(sig) !== v.sig) throw new Error('known answer mismatch');
}

/** Run every check (or the given ones) and report; never throws. `now` stamps the report. */
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

export const __TESTS = { CHECKS, KAT, xchachaCheck, scryptCheck, rsaDigestSignCheck };
