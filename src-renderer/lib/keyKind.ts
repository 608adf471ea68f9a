/** What kind of key a KeySpec is, for badges and the create-key flow. Pure; reads the catalogue. */
import { CATALOGUE, type KeyFamily } from '../../src-shared/kms/catalogue';
import type { KeySpec, KeyUsage } from '../../src-shared/kms/enums';

export type KeyKind = 'Symmetric' | 'HMAC' | 'RSA' | 'ECC' | 'Ed25519' | 'ML-DSA' | 'ML-KEM' | 'SM2';

const KIND_OF_FAMILY: Record<KeyFamily, KeyKind> = {
  SYMMETRIC: 'Symmetric',
  HMAC: 'HMAC',
  RSA: 'RSA',
  ECC_NIST: 'ECC',
  ECC_SECG: 'ECC',
  ED25519: 'Ed25519',
  ML_DSA: 'ML-DSA',
  ML_KEM: 'ML-KEM',
  SM2: 'SM2',
};

/** The badge kind of a spec, from its catalogue family. */
export function keyKindOf(spec: KeySpec): KeyKind {
  return KIND_OF_FAMILY[CATALOGUE[spec].family];
}

/** One color per kind, so the list reads at a glance. */
export const KIND_COLORS: Record<KeyKind, string> = {
  Symmetric: 'indigo',
  HMAC: 'grape',
  RSA: 'orange',
  ECC: 'teal',
  Ed25519: 'cyan',
  'ML-DSA': 'violet',
  'ML-KEM': 'pink',
  SM2: 'gray',
};

/** Short label of a key usage for a badge. */
export const USAGE_LABELS: Record<KeyUsage, string> = {
  ENCRYPT_DECRYPT: 'Encrypt',
  SIGN_VERIFY: 'Sign',
  GENERATE_VERIFY_MAC: 'MAC',
  KEY_AGREEMENT: 'Agreement',
  ENCAPSULATE_DECAPSULATE: 'KEM',
};

/** The four choices at the top of the create-key flow, as in the AWS console. */
export type KeyType = 'symmetric' | 'asymmetric' | 'hmac' | 'pq';

const TYPE_OF_FAMILY: Record<KeyFamily, KeyType> = {
  SYMMETRIC: 'symmetric',
  HMAC: 'hmac',
  RSA: 'asymmetric',
  ECC_NIST: 'asymmetric',
  ECC_SECG: 'asymmetric',
  ED25519: 'asymmetric',
  SM2: 'asymmetric',
  ML_DSA: 'pq',
  ML_KEM: 'pq',
};

export function keyTypeOf(spec: KeySpec): KeyType {
  return TYPE_OF_FAMILY[CATALOGUE[spec].family];
}
