/**
 * A throwaway ECDH peer made with WebCrypto, so the Shared secret tab can show both sides of
 * a key agreement: KMS derives with its private key and the peer's public key; the peer
 * derives with its private key and the KMS key's public key; the secrets match.
 */
import { CATALOGUE } from '../../src-shared/kms/catalogue';
import type { KeySpec } from '../../src-shared/kms/enums';

export type WebCryptoCurve = 'P-256' | 'P-384' | 'P-521';

/** The WebCrypto curve of a NIST ECC spec, or null (WebCrypto has no secp256k1 or SM2). */
export function webCryptoCurve(spec: KeySpec): WebCryptoCurve | null {
  const e = CATALOGUE[spec];
  if (e.family !== 'ECC_NIST') return null;
  return e.keyBits === 256 ? 'P-256' : e.keyBits === 384 ? 'P-384' : e.keyBits === 521 ? 'P-521' : null;
}

export interface TestPeer {
  curve: WebCryptoCurve;
  /** Non-extractable: it never leaves this page's memory. */
  privateKey: CryptoKey;
  /** DER SubjectPublicKeyInfo. */
  publicKeySpki: Uint8Array<ArrayBuffer>;
}

export async function generateTestPeer(curve: WebCryptoCurve): Promise<TestPeer> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: curve }, false, ['deriveBits']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { curve, privateKey: pair.privateKey, publicKeySpki: spki };
}

/** The peer's side: raw ECDH of its private key with the KMS key's public key (SPKI). */
export async function peerSharedSecret(peer: TestPeer, kmsPublicKeySpki: Uint8Array<ArrayBuffer>, secretBytes: number): Promise<Uint8Array> {
  const kmsPublic = await crypto.subtle.importKey('spki', kmsPublicKeySpki, { name: 'ECDH', namedCurve: peer.curve }, false, []);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: kmsPublic }, peer.privateKey, secretBytes * 8));
}

/** Equal length and bytes, without an early exit. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
