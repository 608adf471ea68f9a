/**
 * The few DER shapes Keyward writes itself (X.690): SubjectPublicKeyInfo (RFC 5280 §4.1)
 * and PKCS #8 PrivateKeyInfo (RFC 5208) for keys node:crypto cannot encode everywhere:
 * secp256k1 (BoringSSL lacks the curve), ML-DSA and ML-KEM. Fixed templates, not a
 * general ASN.1 codec; parsing accepts exactly what the template would produce.
 */
import { concatBytes } from '@noble/hashes/utils.js';

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  if (n < 0x10000) return Uint8Array.of(0x82, n >> 8, n & 0xff);
  throw new RangeError(`"length" expected less than 65536, got ${n}`);
}

/** One DER tag-length-value (X.690 §8.1) over the concatenated parts; lengths below 65536 bytes. */
export function derTlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concatBytes(...parts);
  return concatBytes(Uint8Array.of(tag), derLength(body.length), body);
}

const SEQ = 0x30;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const INTEGER = 0x02;

/** Encoded OBJECT IDENTIFIERs (tag and length included). */
export const OID = {
  ecPublicKey: Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01), // 1.2.840.10045.2.1
  secp256k1: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a), // 1.3.132.0.10
  p256: Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07), // 1.2.840.10045.3.1.7
  p384: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22), // 1.3.132.0.34
  p521: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23), // 1.3.132.0.35
  // NIST CSOR: id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.17/18/19 (FIPS 204, RFC 9881)
  mlDsa44: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11),
  mlDsa65: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12),
  mlDsa87: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13),
  // id-alg-ml-kem-512/768/1024 = 2.16.840.1.101.3.4.4.1/2/3 (FIPS 203, RFC 9935)
  mlKem512: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x01),
  mlKem768: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02),
  mlKem1024: Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x03),
} as const;

/** SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING } (no unused bits). */
export function encodeSpki(algorithm: Uint8Array[], publicKey: Uint8Array): Uint8Array {
  return derTlv(SEQ, derTlv(SEQ, ...algorithm), derTlv(BIT_STRING, Uint8Array.of(0), publicKey));
}

/** The key bytes of an SPKI built with `algorithm`, or undefined when it has another shape. */
export function decodeSpki(spki: Uint8Array, algorithm: Uint8Array[], keyBytes: number): Uint8Array | undefined {
  const prefix = encodeSpki(algorithm, new Uint8Array(keyBytes));
  if (spki.length !== prefix.length) return undefined;
  const head = prefix.length - keyBytes;
  for (let i = 0; i < head; i++) if (spki[i] !== prefix[i]) return undefined;
  return spki.slice(head);
}

/** secp256k1 SPKI from a 65-byte uncompressed point (SEC 1 §2.3.3). */
export function secp256k1Spki(point: Uint8Array): Uint8Array {
  return encodeSpki([OID.ecPublicKey, OID.secp256k1], point);
}

/**
 * secp256k1 PKCS #8 with an RFC 5915 ECPrivateKey inside:
 * SEQ { INTEGER 0, AlgId, OCTET STRING { SEQ { INTEGER 1, OCTET STRING d, [1] BIT STRING Q } } }.
 */
export function secp256k1Pkcs8(d: Uint8Array, point: Uint8Array): Uint8Array {
  const ecPrivateKey = derTlv(SEQ, Uint8Array.of(INTEGER, 1, 1), derTlv(OCTET_STRING, d), derTlv(0xa1, derTlv(BIT_STRING, Uint8Array.of(0), point)));
  return derTlv(SEQ, Uint8Array.of(INTEGER, 1, 0), derTlv(SEQ, OID.ecPublicKey, OID.secp256k1), derTlv(OCTET_STRING, ecPrivateKey));
}

/**
 * The 32-byte scalar of a PKCS #8 written by secp256k1Pkcs8. Everything before d is the
 * fixed header (SEQ, version, AlgId, OCTET STRING, SEQ, INTEGER 1, OCTET STRING hdr).
 */
export function secp256k1ScalarOf(pkcs8: Uint8Array): Uint8Array {
  const template = secp256k1Pkcs8(new Uint8Array(32), new Uint8Array(65));
  const D_AT = template.length - 32 - (2 + 2 + 1 + 65); // d, then [1] { BIT STRING { 00, Q } }
  if (pkcs8.length !== template.length) throw new RangeError('"pkcs8" is not a secp256k1 private key in Keyward\'s encoding');
  for (let i = 0; i < D_AT; i++) {
    if (pkcs8[i] !== template[i]) throw new RangeError('"pkcs8" is not a secp256k1 private key in Keyward\'s encoding');
  }
  return pkcs8.slice(D_AT, D_AT + 32);
}
