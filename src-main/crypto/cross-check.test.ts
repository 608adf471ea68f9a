/**
 * node:crypto and the noble libraries cross-checked on random inputs, for every primitive
 * both families offer: ECDSA on P-256/384/521,
 * ECDH, Ed25519, HMAC-SHA-224..512. Not only vectors: random keys and messages.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { ecdhDerive } from './ecdh.js';
import { ecdsaSign, ecdsaVerify, ecPublicPoint, generateEcKeyPair } from './ecdsa.js';
import { ed25519PublicRaw, ed25519Sign, ed25519Verify, generateEd25519KeyPair } from './ed25519.js';
import { hmac } from './hmac.js';
import { randomBytes } from './random.js';

const CURVES = [['P-256', p256, 'sha256'], ['P-384', p384, 'sha384'], ['P-521', p521, 'sha512']] as const;

describe('ECDSA: node:crypto and @noble/curves agree on random keys and messages', () => {
  it.each(CURVES)('%s: node signatures verify in noble, noble signatures verify in node, both reject a changed message', (curve, noble, hash) => {
    for (let i = 0; i < 20; i++) {
      const pair = generateEcKeyPair(curve);
      const point = ecPublicPoint(curve, pair.publicKey);
      const msg = randomBytes(1 + ((i * 97) % 300));
      const digest = new Uint8Array(createHash(hash).update(msg).digest());
      const byNode = ecdsaSign(curve, hash, pair.privateKey, msg, false); // node:crypto path
      expect(noble.verify(byNode, digest, point, { prehash: false, format: 'der', lowS: false })).toBe(true);
      const byNoble = ecdsaSign(curve, hash, pair.privateKey, digest, true); // noble path
      const pub = createPublicKey({ key: Buffer.from(pair.publicKey), format: 'der', type: 'spki' });
      expect(verify(hash, msg, { key: pub, dsaEncoding: 'der' }, byNoble)).toBe(true);
      const other = msg.slice();
      other[0]! ^= 1;
      expect(ecdsaVerify(curve, hash, pair.publicKey, other, false, byNoble)).toBe(false);
      expect(ecdsaVerify(curve, hash, pair.publicKey, new Uint8Array(createHash(hash).update(other).digest()), true, byNode)).toBe(false);
    }
  });

  it('secp256k1: noble (the engine path) and node\'s OpenSSL (test-only; BoringSSL lacks the curve) agree', () => {
    for (let i = 0; i < 20; i++) {
      const pair = generateEcKeyPair('secp256k1');
      const msg = randomBytes(1 + i * 13);
      const priv = createPrivateKey({ key: Buffer.from(pair.privateKey), format: 'der', type: 'pkcs8' });
      const pub = createPublicKey({ key: Buffer.from(pair.publicKey), format: 'der', type: 'spki' });
      expect(verify('sha256', msg, { key: pub, dsaEncoding: 'der' }, ecdsaSign('secp256k1', 'sha256', pair.privateKey, msg, false))).toBe(true);
      expect(ecdsaVerify('secp256k1', 'sha256', pair.publicKey, msg, false, sign('sha256', msg, { key: priv, dsaEncoding: 'der' }))).toBe(true);
    }
  });
});

describe('ECDH: node:crypto and @noble/curves agree', () => {
  it.each(CURVES)('%s: the same raw shared secret on random key pairs', (curve, noble) => {
    for (let i = 0; i < 20; i++) {
      const ours = generateEcKeyPair(curve);
      const peer = noble.keygen();
      const peerSpki = new Uint8Array(createPublicKey({ key: { kty: 'EC', crv: curve, ...xy(noble.getPublicKey(peer.secretKey, false), noble === p521 ? 66 : noble === p384 ? 48 : 32) }, format: 'jwk' }).export({ format: 'der', type: 'spki' }));
      const viaNode = ecdhDerive(curve, ours.privateKey, peerSpki);
      const viaNoble = noble.getSharedSecret(peer.secretKey, ecPublicPoint(curve, ours.publicKey)).slice(1); // drop the 04/02 prefix: x only
      expect(viaNode).toEqual(viaNoble);
    }
  });
});

function xy(point: Uint8Array, n: number) {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  return { x: b64(point.slice(1, 1 + n)), y: b64(point.slice(1 + n)) };
}

describe('Ed25519: node:crypto and @noble/curves agree', () => {
  it('identical signatures (Ed25519 is deterministic) and mutual verification on random keys', () => {
    for (let i = 0; i < 50; i++) {
      const pair = generateEd25519KeyPair();
      const msg = randomBytes(i * 7);
      const seed = pair.privateKey.slice(-32);
      const sig = ed25519Sign(pair.privateKey, msg);
      expect(sig).toEqual(ed25519.sign(msg, seed));
      expect(ed25519.verify(sig, msg, ed25519PublicRaw(pair.publicKey), { zip215: false })).toBe(true);
      expect(ed25519Verify(pair.publicKey, msg, ed25519.sign(msg, seed))).toBe(true);
    }
  });
});

describe('HMAC: node:crypto and @noble/hashes agree', () => {
  it.each([['sha224', sha224], ['sha256', sha256], ['sha384', sha384], ['sha512', sha512]] as const)('%s on random keys and messages', (name, h) => {
    for (let i = 0; i < 100; i++) {
      const key = randomBytes(1 + (i % 150));
      const msg = randomBytes((i * 41) % 4096);
      expect(hmac(name, key, msg)).toEqual(nobleHmac(h, key, msg));
    }
  });
});
