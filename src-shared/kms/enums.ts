/** KMS enumerations, exact spellings (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html and each operation's request syntax). */
export const KEY_STATES = [
  'Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport',
  'PendingReplicaDeletion', 'Unavailable', 'Updating',
] as const;
export type KeyState = (typeof KEY_STATES)[number];

export const KEY_USAGES = [
  'ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

export const KEY_SPECS = [
  'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'RSA_2048', 'RSA_3072',
  'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ML_KEM_512',
  'ML_KEM_768', 'ML_KEM_1024',
] as const;
export type KeySpec = (typeof KEY_SPECS)[number];

export const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
export type EncryptionAlgorithmSpec = (typeof ENCRYPTION_ALGORITHMS)[number];

export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512',
  'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512',
] as const;
export type SigningAlgorithmSpec = (typeof SIGNING_ALGORITHMS)[number];

export const MAC_ALGORITHMS = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const;
export type MacAlgorithmSpec = (typeof MAC_ALGORITHMS)[number];

export const KEY_AGREEMENT_ALGORITHMS = ['ECDH'] as const;
export type KeyAgreementAlgorithmSpec = (typeof KEY_AGREEMENT_ALGORITHMS)[number];

export const ENCAPSULATION_ALGORITHMS = ['ML_KEM'] as const;
export type EncapsulationAlgorithmSpec = (typeof ENCAPSULATION_ALGORITHMS)[number];

export const MESSAGE_TYPES = ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const DATA_KEY_PAIR_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'SM2', 'ECC_NIST_EDWARDS25519', 'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024',
] as const;
export type DataKeyPairSpec = (typeof DATA_KEY_PAIR_SPECS)[number];

export const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;
export type OriginType = (typeof ORIGINS)[number];

export const DATA_KEY_SPECS = ['AES_256', 'AES_128'] as const;
export type DataKeySpec = (typeof DATA_KEY_SPECS)[number];

export const KEY_MATERIAL_STATES = ['CURRENT', 'NON_CURRENT', 'PENDING_ROTATION'] as const;
export type KeyMaterialState = (typeof KEY_MATERIAL_STATES)[number];

export const ROTATION_TYPES = ['AUTOMATIC', 'ON_DEMAND'] as const;
export type RotationType = (typeof ROTATION_TYPES)[number];

/** Limits (https://docs.aws.amazon.com/kms/latest/developerguide/limits.html and the API reference's member constraints). */
export const LIMITS = {
  encryptPlaintextMax: 4096,
  /** Sign/Verify and GenerateMac/VerifyMac messages: 1-4096 B. */
  messageMax: 4096,
  /** Signature and Mac fields: at most 6144 B. */
  signatureMax: 6144,
  /** Peer public keys (DeriveSharedSecret) and SharedSecretCiphertextBlob: at most 8192 B. */
  publicKeyMax: 8192,
  ciphertextBlobMax: 6144,
  randomBytesMin: 1,
  randomBytesMax: 1024,
  descriptionMax: 8192,
  aliasNameMax: 256,
  tagKeyMax: 128,
  tagValueMax: 256,
  tagsPerKey: 50,
  aliasesPerKey: 50,
  pendingWindowMin: 7,
  pendingWindowMax: 30,
  pendingWindowDefault: 30,
  rotationPeriodMin: 90,
  rotationPeriodMax: 2560,
  rotationPeriodDefault: 365,
  listKeysLimitMax: 1000,
  listKeysLimitDefault: 100,
  listAliasesLimitMax: 100,
  listAliasesLimitDefault: 50,
  listTagsLimitMax: 50,
  listTagsLimitDefault: 50,
  keyIdMax: 2048,
  markerMax: 1024,
  grantTokensMax: 10,
} as const;
