/**
 * Ed25519 (RFC 8032 §5.1). Pure Ed25519 comes from node:crypto (native in OpenSSL and
 * BoringSSL). Ed25519ph does not exist in node:crypto (sign(null, …) is pure Ed25519 only,
 * with no prehash or context option), so it comes from @noble/curves. KMS hands
 * ED25519_PH_SHA_512 the SHA-512 digest (DIGEST), while noble's ed25519ph hashes the
 * message itself, so we build the same RFC 8032 instance with an identity prehash: dom2
 * with phflag = 1 and an empty context, over the 64-byte PH(M) we were given.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { eddsa } from '@noble/curves/abstract/edwards.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { aBytes, wipe } from './guards.js';
import { privateKeyObject, publicKeyObject } from './key-objects.js';
import type { DerKeyPair } from './rsa.js';

/** RFC 8410 §7: PKCS #8 prefix before the 32-byte seed, SPKI prefix before the 32-byte key. */
const PKCS8_PREFIX = Uint8Array.from(Buffer.from('302e020100300506032b657004220420', 'hex'));
const SPKI_PREFIX = Uint8Array.from(Buffer.from('302a300506032b6570032100', 'hex'));

/** RFC 8032 §5.1: dom2(phflag, ctx) = "SigEd25519 no Ed25519 collisions" ‖ phflag ‖ |ctx| ‖ ctx. */
function dom2(data: Uint8Array, ctx: Uint8Array, phflag: boolean): Uint8Array {
  if (ctx.length > 255) throw new RangeError('"context" expected at most 255 bytes');
  return concatBytes(new TextEncoder().encode('SigEd25519 no Ed25519 collisions'), Uint8Array.of(phflag ? 1 : 0, ctx.length), ctx, data);
}

/** RFC 8032 §5.1.5 step 2: clamp the scalar half of SHA-512(seed). */
function clamp(bytes: Uint8Array): Uint8Array {
  bytes[0]! &= 248;
  bytes[31]! &= 127;
  bytes[31]! |= 64;
  return bytes;
}

/** Identity prehash: the input is already PH(M) = SHA-512(M). */
const identity64 = Object.assign((m: Uint8Array) => {
  aBytes(m, 'digest', 64);
  return m;
}, { outputLen: 64, blockLen: 128, create: () => { throw new Error('not a hash'); } });

const ed25519phDigest = eddsa(ed25519.Point, sha512, { adjustScalarBytes: clamp, domain: dom2, prehash: identity64, zip215: false });

/** A new Ed25519 key pair as PKCS #8 and SPKI DER (RFC 8410). */
export function generateEd25519KeyPair(): DerKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return { privateKey: new Uint8Array(privateKey), publicKey: new Uint8Array(publicKey) };
}

function tail(der: Uint8Array, prefix: Uint8Array, label: string): Uint8Array {
  if (der.length !== prefix.length + 32 || prefix.some((b, i) => der[i] !== b)) throw new RangeError(`"${label}" is not an Ed25519 key`);
  return der.slice(prefix.length);
}

/** The 32-byte public key inside an Ed25519 SPKI (RFC 8410 §4); RangeError for any other SPKI. */
export function ed25519PublicRaw(spki: Uint8Array): Uint8Array {
  return tail(spki, SPKI_PREFIX, 'publicKey');
}

/** An Ed25519 SPKI (RFC 8410 §4) around a 32-byte public key. */
export function ed25519SpkiFromRaw(raw: Uint8Array): Uint8Array {
  aBytes(raw, 'publicKey', 32);
  return concatBytes(SPKI_PREFIX, raw);
}

/** Pure Ed25519 over the message (ED25519_SHA_512, RAW). */
export function ed25519Sign(pkcs8: Uint8Array, message: Uint8Array): Uint8Array {
  aBytes(message, 'message');
  return new Uint8Array(sign(null, message, privateKeyObject(pkcs8)));
}

/** Strict Ed25519 verification (RFC 8032 §5.1.7); false for any malformed input. */
export function ed25519Verify(spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  aBytes(message, 'message');
  aBytes(signature, 'signature');
  if (signature.length !== 64) return false;
  try {
    const key = publicKeyObject(spki);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** Ed25519ph over a SHA-512 digest (ED25519_PH_SHA_512, DIGEST). */
export function ed25519phSign(pkcs8: Uint8Array, digest: Uint8Array): Uint8Array {
  aBytes(digest, 'digest', 64);
  const seed = tail(pkcs8, PKCS8_PREFIX, 'privateKey');
  try {
    return ed25519phDigest.sign(digest, seed);
  } finally {
    wipe(seed);
  }
}

/** RFC 8032 strict decoding (zip215 off), like OpenSSL's pure Ed25519 verify. */
export function ed25519phVerify(spki: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  aBytes(signature, 'signature');
  if (digest.length !== 64 || signature.length !== 64) return false;
  try {
    return ed25519phDigest.verify(signature, digest, ed25519PublicRaw(spki));
  } catch {
    return false;
  }
}
