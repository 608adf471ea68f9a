/**
 * Test-only reference implementations for interoperability checks: node:crypto (OpenSSL)
 * and @noble/curves called directly, never through Keyward's wrappers, so tests outside
 * src-main/crypto/ can compare the engine's output with an independent implementation
 * without importing node:crypto or @noble/* themselves. Keys travel as DER (PKCS #8 private,
 * SPKI public), as in the engine. Never imported by production code (the layer check's
 * test-file pattern covers `_test-*.ts`).
 */
import {
  constants, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync,
  privateDecrypt, publicEncrypt, sign, verify, type KeyObject,
} from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';

/** SHA-2 hashes the interop checks use. */
export type InteropHash = 'sha256' | 'sha384' | 'sha512';

/**
 * A signature scheme as node:crypto names it: `hash` null for pure EdDSA (RFC 8032),
 * `padding` for RSA (RFC 8017 §8.1 PSS or §8.2 PKCS #1 v1.5, default PKCS #1 v1.5),
 * `saltLength` in bytes for PSS, `dsaEncoding` 'der' for ECDSA (RFC 3279 Ecdsa-Sig-Value).
 */
export interface InteropScheme {
  hash: InteropHash | null;
  padding?: 'PSS' | 'PKCS1';
  saltLength?: number;
  dsaEncoding?: 'der';
}

const der = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.length);
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);
const pub = (spki: Uint8Array): KeyObject => createPublicKey({ key: der(spki), format: 'der', type: 'spki' });
const priv = (pkcs8: Uint8Array): KeyObject => createPrivateKey({ key: der(pkcs8), format: 'der', type: 'pkcs8' });

function keyOptions(key: KeyObject, s: InteropScheme) {
  if (s.padding === 'PSS') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.saltLength ?? 0 };
  if (s.dsaEncoding) return { key, dsaEncoding: s.dsaEncoding };
  return { key };
}

/** H(message) by node:crypto (FIPS 180-4). */
export function interopDigest(hash: InteropHash, message: Uint8Array): Uint8Array {
  return bytes(createHash(hash).update(message).digest());
}

/** node:crypto's verify of `signature` over `message` with an SPKI public key. */
export function interopVerify(spki: Uint8Array, scheme: InteropScheme, message: Uint8Array, signature: Uint8Array): boolean {
  return verify(scheme.hash, message, keyOptions(pub(spki), scheme), signature);
}

/** node:crypto's signature over `message` with a PKCS #8 private key. */
export function interopSign(pkcs8: Uint8Array, scheme: InteropScheme, message: Uint8Array): Uint8Array {
  return bytes(sign(scheme.hash, message, keyOptions(priv(pkcs8), scheme)));
}

/** The SPKI of a PKCS #8 private key, as node:crypto derives it. */
export function interopSpkiOf(pkcs8: Uint8Array): Uint8Array {
  return bytes(createPublicKey(priv(pkcs8)).export({ format: 'der', type: 'spki' }));
}

/** RSAES-OAEP (RFC 8017 §7.1) encryption by node:crypto, MGF1 on the same hash, empty label. */
export function interopOaepEncrypt(spki: Uint8Array, hash: 'sha1' | 'sha256', plaintext: Uint8Array): Uint8Array {
  return bytes(publicEncrypt({ key: pub(spki), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext));
}

/** RSAES-OAEP decryption by node:crypto; throws for a ciphertext that does not decrypt. */
export function interopOaepDecrypt(pkcs8: Uint8Array, hash: 'sha1' | 'sha256', ciphertext: Uint8Array): Uint8Array {
  return bytes(privateDecrypt({ key: priv(pkcs8), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext));
}

/** A fresh node:crypto EC key pair on a NIST curve: its SPKI, and ECDH (SP 800-56A) with a peer's SPKI. */
export function interopEcdhPeer(curve: 'P-256' | 'P-384' | 'P-521'): { spki: Uint8Array; derive(peerSpki: Uint8Array): Uint8Array } {
  const pair = generateKeyPairSync('ec', { namedCurve: curve });
  return {
    spki: bytes(pair.publicKey.export({ format: 'der', type: 'spki' })),
    derive: (peerSpki) => bytes(diffieHellman({ privateKey: pair.privateKey, publicKey: pub(peerSpki) })),
  };
}

/** Ed25519ph (RFC 8032 §5.1, prehash SHA-512) by @noble/curves: node:crypto has none. */
export const interopEd25519ph = {
  /** Sign the message (hashed inside) with a 32-byte seed. */
  sign: (message: Uint8Array, seed: Uint8Array): Uint8Array => ed25519ph.sign(message, seed),
  /** Verify over the message (hashed inside) with a 32-byte raw public key, strict (no ZIP 215). */
  verify: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean => ed25519ph.verify(signature, message, publicKey, { zip215: false }),
};
