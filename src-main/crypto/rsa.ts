/**
 * RSA over node:crypto (OpenSSL under Node, BoringSSL under Electron; both have PSS,
 * PKCS #1 v1.5 and OAEP). Keys travel as DER: PKCS #8 private, SPKI public.
 *
 * KMS's DIGEST message type hands us H(m), and node:crypto's sign() always hashes its
 * input, so the DIGEST path encodes the signature block itself (EMSA-PKCS1-v1_5 with the
 * RFC 8017 §9.2 DigestInfo prefixes, EMSA-PSS per §9.1) and runs the raw RSA operation
 * through node's privateEncrypt/publicDecrypt, which keep OpenSSL's blinding and CRT.
 * The encodings are checked against node's own RAW sign/verify and Wycheproof in tests.
 */
import {
  constants, createHash, generateKeyPair, privateDecrypt, privateEncrypt,
  publicDecrypt, publicEncrypt, sign, verify, type KeyObject,
} from 'node:crypto';
import { concatBytes } from './bytes.js';
import { hexToBytes as fromHex } from '../../src-shared/wire.js';
import { privateKeyObject, publicKeyObject } from './key-objects.js';
import { aBytes } from './guards.js';
import { equalBytes, randomBytes } from './random.js';

/** Hashes of KMS's RSASSA signing algorithms (FIPS 180-4). */
export type RsaHash = 'sha256' | 'sha384' | 'sha512';
/** RSASSA-PSS (RFC 8017 §8.1) or RSASSA-PKCS1-v1_5 (§8.2). */
export type RsaScheme = 'PSS' | 'PKCS1';
/** Hashes of KMS's RSAES-OAEP algorithms (RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256). */
export type OaepHash = 'sha1' | 'sha256';

const HASH_BYTES: Record<RsaHash | OaepHash, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** RFC 8017 §9.2 note 1: DER DigestInfo prefixes (AlgorithmIdentifier with NULL parameters). */
const DIGEST_INFO: Record<RsaHash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/** A key pair in DER, as the engine stores it. */
export interface DerKeyPair {
  /** PKCS #8 DER. */
  privateKey: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array;
}

/**
 * A new RSA key pair, e = 65537. node's async generateKeyPair runs on libuv's threadpool,
 * so an RSA-4096 key (about a second, sometimes several) never blocks the main event loop
 * and the UI stays responsive meanwhile.
 */
export function generateRsaKeyPair(bits: 2048 | 3072 | 4096): Promise<DerKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', {
      modulusLength: bits,
      publicExponent: 65537,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    }, (err, publicKey, privateKey) => {
      if (err) reject(err);
      else resolve({ privateKey: new Uint8Array(privateKey), publicKey: new Uint8Array(publicKey) });
    });
  });
}

/** node's KeyObject for an RSA PKCS #8 private key. Throws node's error for bad DER. */
export function rsaPrivateKey(pkcs8: Uint8Array): KeyObject {
  return privateKeyObject(pkcs8);
}

/** node's KeyObject for an RSA SPKI public key; RangeError for a non-RSA key. */
export function rsaPublicKey(spki: Uint8Array): KeyObject {
  const key = publicKeyObject(spki);
  if (key.asymmetricKeyType !== 'rsa') throw new RangeError('"publicKey" is not an RSA public key');
  return key;
}

function modulusBits(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new RangeError('"key" is not an RSA key');
  return bits;
}

const pss = (hash: RsaHash) => ({ padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_BYTES[hash] });

/** Sign a message (RAW) or its digest (DIGEST). PSS uses MGF1 with the same hash and salt = hash length, as KMS does. */
export function rsaSign(privateKey: KeyObject, scheme: RsaScheme, hash: RsaHash, message: Uint8Array, isDigest: boolean): Uint8Array {
  aBytes(message, 'message');
  if (!isDigest) {
    const opts = scheme === 'PSS' ? { key: privateKey, ...pss(hash) } : { key: privateKey, padding: constants.RSA_PKCS1_PADDING };
    return new Uint8Array(sign(hash, message, opts));
  }
  aBytes(message, 'digest', HASH_BYTES[hash]);
  if (scheme === 'PKCS1') {
    const t = concatBytes(fromHex(DIGEST_INFO[hash]), message);
    return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, t));
  }
  const bits = modulusBits(privateKey);
  const em = emsaPssEncode(message, bits - 1, hash);
  const block = new Uint8Array(Math.ceil(bits / 8));
  block.set(em, block.length - em.length);
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block));
}

/** True when the signature is valid; false for any malformed or wrong input. */
export function rsaVerify(publicKey: KeyObject, scheme: RsaScheme, hash: RsaHash, message: Uint8Array, isDigest: boolean, signature: Uint8Array): boolean {
  aBytes(message, 'message');
  aBytes(signature, 'signature');
  const bits = modulusBits(publicKey);
  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return false; // RFC 8017 §8.1.2 step 1, §8.2.2 step 1
  try {
    if (!isDigest) {
      const opts = scheme === 'PSS' ? { key: publicKey, ...pss(hash) } : { key: publicKey, padding: constants.RSA_PKCS1_PADDING };
      return verify(hash, message, opts, signature);
    }
    if (message.length !== HASH_BYTES[hash]) return false;
    const block = new Uint8Array(publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature));
    if (scheme === 'PKCS1') {
      // EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF..FF 00 DigestInfo; rebuild and compare.
      const t = concatBytes(fromHex(DIGEST_INFO[hash]), message);
      const expected = new Uint8Array(k).fill(0xff);
      expected[0] = 0;
      expected[1] = 1;
      expected[k - t.length - 1] = 0;
      expected.set(t, k - t.length);
      return equalBytes(block, expected);
    }
    const emLen = Math.ceil((bits - 1) / 8);
    for (let i = 0; i < k - emLen; i++) if (block[i] !== 0) return false;
    return emsaPssVerify(message, block.subarray(k - emLen), bits - 1, hash);
  } catch {
    return false; // e.g. a signature representative ≥ n
  }
}

function mgf1(seed: Uint8Array, length: number, hash: RsaHash): Uint8Array {
  // RFC 8017 appendix B.2.1
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let c = 0, o = 0; o < length; c++) {
    new DataView(counter.buffer).setUint32(0, c);
    const block = createHash(hash).update(seed).update(counter).digest();
    out.set(block.subarray(0, Math.min(block.length, length - o)), o);
    o += block.length;
  }
  return out;
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with sLen = hLen. */
function emsaPssEncode(mHash: Uint8Array, emBits: number, hash: RsaHash): Uint8Array {
  const hLen = HASH_BYTES[hash];
  const sLen = hLen;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + sLen + 2) throw new RangeError('RSA key too small for PSS with this hash');
  const salt = randomBytes(sLen);
  const h = createHash(hash).update(new Uint8Array(8)).update(mHash).update(salt).digest();
  const db = new Uint8Array(emLen - hLen - 1);
  db[emLen - sLen - hLen - 2] = 0x01;
  db.set(salt, db.length - sLen);
  const mask = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return concatBytes(db, h, Uint8Array.of(0xbc));
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with sLen = hLen. */
function emsaPssVerify(mHash: Uint8Array, em: Uint8Array, emBits: number, hash: RsaHash): boolean {
  const hLen = HASH_BYTES[hash];
  const sLen = hLen;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < hLen + sLen + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((maskedDb[0]! & ~topMask) !== 0) return false;
  const db = mgf1(h, maskedDb.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  const h2 = createHash(hash).update(new Uint8Array(8)).update(mHash).update(salt).digest();
  return equalBytes(h, new Uint8Array(h2));
}

/** RSAES-OAEP (RFC 8017 §7.1) with MGF1 on the same hash and an empty label, as KMS uses. */
export function rsaOaepEncrypt(publicKey: KeyObject, hash: OaepHash, plaintext: Uint8Array): Uint8Array {
  aBytes(plaintext, 'plaintext');
  return new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext));
}

/** Throws OaepDecryptError for any ciphertext that does not decrypt (one error: no padding oracle). */
export function rsaOaepDecrypt(privateKey: KeyObject, hash: OaepHash, ciphertext: Uint8Array): Uint8Array {
  aBytes(ciphertext, 'ciphertext');
  try {
    return new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext));
  } catch {
    throw new OaepDecryptError();
  }
}

/** The one error for every ciphertext that does not decrypt (RFC 8017 §7.1.2 note: no padding oracle). */
export class OaepDecryptError extends Error {
  override readonly name = 'OaepDecryptError';
  constructor() {
    super('RSA-OAEP decryption failed');
  }
}

/** Largest OAEP plaintext for a modulus (RFC 8017 §7.1.1: k − 2hLen − 2). */
export function oaepMaxPlaintext(modulusBytes: number, hash: OaepHash): number {
  return modulusBytes - 2 * HASH_BYTES[hash] - 2;
}
