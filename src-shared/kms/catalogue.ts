/**
 * The key-spec catalogue: spec → usages → algorithms → limits (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html).
 * The one source for validation (CreateKey), the engine (which operation and algorithm a
 * key allows) and the UI (what the create-key flow offers), so a combination cannot be
 * valid in one place and invalid in another. Pure data and lookups; no Node, no DOM.
 */
import type {
  DataKeyPairSpec, EncapsulationAlgorithmSpec, EncryptionAlgorithmSpec, KeyAgreementAlgorithmSpec, KeySpec,
  KeyUsage, MacAlgorithmSpec, MessageType, SigningAlgorithmSpec,
} from './enums.js';
import { KEY_SPECS } from './enums.js';

/** The families the engine implements, one crypto module each. */
export type KeyFamily = 'SYMMETRIC' | 'HMAC' | 'RSA' | 'ECC_NIST' | 'ECC_SECG' | 'ED25519' | 'ML_DSA' | 'ML_KEM' | 'SM2';

/** The KMS operations that use a key's material (the others work on any key). */
export const KEY_OPERATIONS = [
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'GetPublicKey',
  'DeriveSharedSecret', 'Encapsulate', 'Decapsulate',
] as const;
export type KeyOperation = (typeof KEY_OPERATIONS)[number];

export interface UsageEntry {
  usage: KeyUsage;
  /** One line for the create-key flow. */
  summary: string;
  /** The operations this spec × usage allows; every other KeyOperation raises what KMS raises. */
  operations: readonly KeyOperation[];
  encryptionAlgorithms?: readonly EncryptionAlgorithmSpec[];
  signingAlgorithms?: readonly SigningAlgorithmSpec[];
  macAlgorithms?: readonly MacAlgorithmSpec[];
  keyAgreementAlgorithms?: readonly KeyAgreementAlgorithmSpec[];
  encapsulationAlgorithms?: readonly EncapsulationAlgorithmSpec[];
  /** RSA-OAEP: the largest plaintext per algorithm, key bytes − 2·hash bytes − 2 (RFC 8017 §7.1.1). */
  maxPlaintextBytes?: Partial<Record<EncryptionAlgorithmSpec, number>>;
}

export interface SpecEntry {
  spec: KeySpec;
  family: KeyFamily;
  /** A short label for badges ("RSA 2048", "P-256", "HMAC-SHA-256"). */
  label: string;
  /** One line: what a key of this spec is for. */
  summary: string;
  /** False for SM2: offered only in China Regions, so CreateKey refuses it here as KMS does elsewhere. */
  offered: boolean;
  notOfferedReason?: string;
  /** Allowed usages, the first being the sensible default for the UI. */
  usages: readonly UsageEntry[];
  /** Key size in bits (RSA modulus, curve order, HMAC key, symmetric key); PQ specs give the security category. */
  keyBits: number;
  /** GetPublicKey returns a DER SubjectPublicKeyInfo. */
  hasPublicKey: boolean;
  /** Automatic and on-demand rotation (symmetric keys only). */
  rotation: boolean;
  /** Largest signature in bytes (ECDSA: DER, so variable up to this), for SIGN_VERIFY specs. */
  signatureMaxBytes?: number;
  /** HMAC: the MAC length in bytes. */
  macBytes?: number;
  /** ML-KEM: the SharedSecretCiphertextBlob length in bytes (the shared secret is 32 B). */
  encapsulationCiphertextBytes?: number;
  /** ECDH: the shared secret length in bytes. */
  sharedSecretBytes?: number;
}

export interface SigningAlgorithmEntry {
  algorithm: SigningAlgorithmSpec;
  /** The hash the algorithm applies to a RAW message (ML-DSA: none, it signs the message itself). */
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SM3' | 'SHAKE-256';
  /** The message types KMS accepts for it. */
  messageTypes: readonly MessageType[];
  /** The required length of a DIGEST (or EXTERNAL_MU for ML-DSA). */
  digestBytes: number;
  summary: string;
}

export const SIGNING_ALGORITHM_INFO: Readonly<Record<SigningAlgorithmSpec, SigningAlgorithmEntry>> = {
  RSASSA_PSS_SHA_256: { algorithm: 'RSASSA_PSS_SHA_256', hash: 'SHA-256', messageTypes: ['RAW', 'DIGEST'], digestBytes: 32, summary: 'RSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt' },
  RSASSA_PSS_SHA_384: { algorithm: 'RSASSA_PSS_SHA_384', hash: 'SHA-384', messageTypes: ['RAW', 'DIGEST'], digestBytes: 48, summary: 'RSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt' },
  RSASSA_PSS_SHA_512: { algorithm: 'RSASSA_PSS_SHA_512', hash: 'SHA-512', messageTypes: ['RAW', 'DIGEST'], digestBytes: 64, summary: 'RSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt' },
  RSASSA_PKCS1_V1_5_SHA_256: { algorithm: 'RSASSA_PKCS1_V1_5_SHA_256', hash: 'SHA-256', messageTypes: ['RAW', 'DIGEST'], digestBytes: 32, summary: 'RSA PKCS #1 v1.5 with SHA-256' },
  RSASSA_PKCS1_V1_5_SHA_384: { algorithm: 'RSASSA_PKCS1_V1_5_SHA_384', hash: 'SHA-384', messageTypes: ['RAW', 'DIGEST'], digestBytes: 48, summary: 'RSA PKCS #1 v1.5 with SHA-384' },
  RSASSA_PKCS1_V1_5_SHA_512: { algorithm: 'RSASSA_PKCS1_V1_5_SHA_512', hash: 'SHA-512', messageTypes: ['RAW', 'DIGEST'], digestBytes: 64, summary: 'RSA PKCS #1 v1.5 with SHA-512' },
  ECDSA_SHA_256: { algorithm: 'ECDSA_SHA_256', hash: 'SHA-256', messageTypes: ['RAW', 'DIGEST'], digestBytes: 32, summary: 'ECDSA with SHA-256; DER-encoded signature' },
  ECDSA_SHA_384: { algorithm: 'ECDSA_SHA_384', hash: 'SHA-384', messageTypes: ['RAW', 'DIGEST'], digestBytes: 48, summary: 'ECDSA with SHA-384; DER-encoded signature' },
  ECDSA_SHA_512: { algorithm: 'ECDSA_SHA_512', hash: 'SHA-512', messageTypes: ['RAW', 'DIGEST'], digestBytes: 64, summary: 'ECDSA with SHA-512; DER-encoded signature' },
  SM2DSA: { algorithm: 'SM2DSA', hash: 'SM3', messageTypes: ['RAW', 'DIGEST'], digestBytes: 32, summary: 'SM2 signatures with SM3 (China Regions only)' },
  ML_DSA_SHAKE_256: { algorithm: 'ML_DSA_SHAKE_256', hash: 'SHAKE-256', messageTypes: ['RAW', 'EXTERNAL_MU'], digestBytes: 64, summary: 'ML-DSA (FIPS 204); EXTERNAL_MU takes the 64-byte μ' },
  ED25519_SHA_512: { algorithm: 'ED25519_SHA_512', hash: 'SHA-512', messageTypes: ['RAW'], digestBytes: 64, summary: 'Pure Ed25519 (RFC 8032); RAW messages only' },
  ED25519_PH_SHA_512: { algorithm: 'ED25519_PH_SHA_512', hash: 'SHA-512', messageTypes: ['DIGEST'], digestBytes: 64, summary: 'Ed25519ph (RFC 8032 §5.1) over a SHA-512 digest; DIGEST only' },
};

/** The hash each HMAC algorithm uses and its output length. */
export const MAC_ALGORITHM_INFO: Readonly<Record<MacAlgorithmSpec, { hash: 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'; macBytes: number }>> = {
  HMAC_SHA_224: { hash: 'SHA-224', macBytes: 28 },
  HMAC_SHA_256: { hash: 'SHA-256', macBytes: 32 },
  HMAC_SHA_384: { hash: 'SHA-384', macBytes: 48 },
  HMAC_SHA_512: { hash: 'SHA-512', macBytes: 64 },
};

const OAEP_HASH_BYTES: Readonly<Record<'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256', number>> = { RSAES_OAEP_SHA_1: 20, RSAES_OAEP_SHA_256: 32 };

const SIGN_OPS = ['Sign', 'Verify', 'GetPublicKey'] as const;

function rsa(bits: 2048 | 3072 | 4096): SpecEntry {
  const bytes = bits / 8;
  return {
    spec: `RSA_${bits}`,
    family: 'RSA',
    label: `RSA ${bits}`,
    summary: bits === 2048
      ? 'RSA 2048: signatures or small-payload encryption that any client can check with the public key'
      : bits === 3072
        ? 'RSA 3072: 128-bit security for signatures or OAEP encryption, NIST\'s recommendation past 2030'
        : 'RSA 4096: the largest RSA key, for long-lived signing or wrapping keys (slowest to create and use)',
    offered: true,
    usages: [
      {
        usage: 'SIGN_VERIFY',
        summary: 'Sign and verify with RSA-PSS or PKCS #1 v1.5 (SHA-256/384/512)',
        operations: SIGN_OPS,
        signingAlgorithms: [
          'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
          'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
        ],
      },
      {
        usage: 'ENCRYPT_DECRYPT',
        summary: `Encrypt up to ${bytes - 2 * 32 - 2} bytes (OAEP SHA-256) with the public key; decrypt here`,
        operations: ['Encrypt', 'Decrypt', 'ReEncrypt', 'GetPublicKey'],
        encryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
        maxPlaintextBytes: {
          RSAES_OAEP_SHA_1: bytes - 2 * OAEP_HASH_BYTES.RSAES_OAEP_SHA_1 - 2,
          RSAES_OAEP_SHA_256: bytes - 2 * OAEP_HASH_BYTES.RSAES_OAEP_SHA_256 - 2,
        },
      },
    ],
    keyBits: bits,
    hasPublicKey: true,
    rotation: false,
    signatureMaxBytes: bytes,
  };
}

function nist(curve: 256 | 384 | 521): SpecEntry {
  const alg: SigningAlgorithmSpec = curve === 256 ? 'ECDSA_SHA_256' : curve === 384 ? 'ECDSA_SHA_384' : 'ECDSA_SHA_512';
  const fieldBytes = Math.ceil(curve / 8);
  return {
    spec: `ECC_NIST_P${curve}`,
    family: 'ECC_NIST',
    label: `P-${curve}`,
    summary: curve === 256
      ? 'NIST P-256 (secp256r1): fast, compact ECDSA signatures or ECDH key agreement'
      : curve === 384
        ? 'NIST P-384 (secp384r1): 192-bit security ECDSA or ECDH (CNSA suite)'
        : 'NIST P-521 (secp521r1): the strongest NIST curve, for ECDSA or ECDH',
    offered: true,
    usages: [
      { usage: 'SIGN_VERIFY', summary: `Sign and verify with ${alg}`, operations: SIGN_OPS, signingAlgorithms: [alg] },
      {
        usage: 'KEY_AGREEMENT',
        summary: 'Derive a shared secret with a peer\'s public key (raw ECDH)',
        operations: ['DeriveSharedSecret', 'GetPublicKey'],
        keyAgreementAlgorithms: ['ECDH'],
      },
    ],
    keyBits: curve,
    hasPublicKey: true,
    rotation: false,
    signatureMaxBytes: curve === 256 ? 72 : curve === 384 ? 104 : 139,
    sharedSecretBytes: fieldBytes,
  };
}

function hmac(bits: 224 | 256 | 384 | 512): SpecEntry {
  const alg: MacAlgorithmSpec = `HMAC_SHA_${bits}`;
  return {
    spec: `HMAC_${bits}`,
    family: 'HMAC',
    label: `HMAC-SHA-${bits}`,
    summary: `HMAC with SHA-${bits}: tokens and message authentication that only holders of this key can check`,
    offered: true,
    usages: [{ usage: 'GENERATE_VERIFY_MAC', summary: `Generate and verify ${alg} MACs`, operations: ['GenerateMac', 'VerifyMac'], macAlgorithms: [alg] }],
    keyBits: bits,
    hasPublicKey: false,
    rotation: false,
    macBytes: bits / 8,
  };
}

function mlDsa(level: 44 | 65 | 87): SpecEntry {
  return {
    spec: `ML_DSA_${level}`,
    family: 'ML_DSA',
    label: `ML-DSA-${level}`,
    summary: `ML-DSA-${level} (FIPS 204): post-quantum signatures, NIST category ${level === 44 ? 2 : level === 65 ? 3 : 5}`,
    offered: true,
    usages: [{ usage: 'SIGN_VERIFY', summary: 'Post-quantum sign and verify (RAW, or EXTERNAL_MU of 64 bytes)', operations: SIGN_OPS, signingAlgorithms: ['ML_DSA_SHAKE_256'] }],
    keyBits: level === 44 ? 128 : level === 65 ? 192 : 256,
    hasPublicKey: true,
    rotation: false,
    signatureMaxBytes: level === 44 ? 2420 : level === 65 ? 3309 : 4627,
  };
}

function mlKem(level: 512 | 768 | 1024): SpecEntry {
  return {
    spec: `ML_KEM_${level}`,
    family: 'ML_KEM',
    label: `ML-KEM-${level}`,
    summary: `ML-KEM-${level} (FIPS 203): post-quantum key encapsulation, NIST category ${level === 512 ? 1 : level === 768 ? 3 : 5}`,
    offered: true,
    usages: [{
      usage: 'ENCAPSULATE_DECAPSULATE',
      summary: 'Encapsulate a 32-byte shared secret to the public key; decapsulate here',
      operations: ['Encapsulate', 'Decapsulate', 'GetPublicKey'],
      encapsulationAlgorithms: ['ML_KEM'],
    }],
    keyBits: level === 512 ? 128 : level === 768 ? 192 : 256,
    hasPublicKey: true,
    rotation: false,
    encapsulationCiphertextBytes: level === 512 ? 768 : level === 768 ? 1088 : 1568,
  };
}

const ENTRIES: readonly SpecEntry[] = [
  {
    spec: 'SYMMETRIC_DEFAULT',
    family: 'SYMMETRIC',
    label: 'AES-256-GCM',
    summary: 'AES-256-GCM: encrypt data and data keys; ciphertexts never leave the vault\'s key',
    offered: true,
    usages: [{
      usage: 'ENCRYPT_DECRYPT',
      summary: 'Encrypt, decrypt, re-encrypt and generate data keys and data key pairs',
      operations: ['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext'],
      encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      maxPlaintextBytes: { SYMMETRIC_DEFAULT: 4096 },
    }],
    keyBits: 256,
    hasPublicKey: false,
    rotation: true,
  },
  hmac(224), hmac(256), hmac(384), hmac(512),
  rsa(2048), rsa(3072), rsa(4096),
  nist(256), nist(384), nist(521),
  {
    spec: 'ECC_SECG_P256K1',
    family: 'ECC_SECG',
    label: 'secp256k1',
    summary: 'secp256k1: ECDSA signatures for cryptocurrencies (Bitcoin, Ethereum)',
    offered: true,
    usages: [{ usage: 'SIGN_VERIFY', summary: 'Sign and verify with ECDSA_SHA_256', operations: SIGN_OPS, signingAlgorithms: ['ECDSA_SHA_256'] }],
    keyBits: 256,
    hasPublicKey: true,
    rotation: false,
    signatureMaxBytes: 72,
  },
  {
    spec: 'ECC_NIST_EDWARDS25519',
    family: 'ED25519',
    label: 'Ed25519',
    summary: 'Ed25519: deterministic, fast signatures (SSH, JWT EdDSA, package signing)',
    offered: true,
    usages: [{
      usage: 'SIGN_VERIFY',
      summary: 'Sign and verify with Ed25519 (RAW) or Ed25519ph (SHA-512 DIGEST)',
      operations: SIGN_OPS,
      signingAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
    }],
    keyBits: 256,
    hasPublicKey: true,
    rotation: false,
    signatureMaxBytes: 64,
  },
  {
    spec: 'SM2',
    family: 'SM2',
    label: 'SM2',
    summary: 'SM2 (GB/T 32918): Chinese national standard for encryption, signatures and key agreement',
    offered: false,
    notOfferedReason: 'KeySpec SM2 is available only in the AWS China Regions (Beijing and Ningxia); Keyward emulates the other Regions.',
    usages: [
      { usage: 'SIGN_VERIFY', summary: 'Sign and verify with SM2DSA', operations: SIGN_OPS, signingAlgorithms: ['SM2DSA'] },
      { usage: 'ENCRYPT_DECRYPT', summary: 'Encrypt with SM2PKE', operations: ['Encrypt', 'Decrypt', 'ReEncrypt', 'GetPublicKey'], encryptionAlgorithms: ['SM2PKE'], maxPlaintextBytes: { SM2PKE: 1024 } },
      { usage: 'KEY_AGREEMENT', summary: 'Derive a shared secret with ECDH', operations: ['DeriveSharedSecret', 'GetPublicKey'], keyAgreementAlgorithms: ['ECDH'] },
    ],
    keyBits: 256,
    hasPublicKey: true,
    rotation: false,
    signatureMaxBytes: 72,
  },
  mlDsa(44), mlDsa(65), mlDsa(87),
  mlKem(512), mlKem(768), mlKem(1024),
];

/** Every KeySpec, in KMS's enumeration order. */
export const CATALOGUE: Readonly<Record<KeySpec, SpecEntry>> = Object.fromEntries(
  ENTRIES.map((e) => [e.spec, e]),
) as Record<KeySpec, SpecEntry>; // ENTRIES holds one entry per KeySpec (checked by catalogue.test.ts)

/** Specs in the order the UI lists them. */
export const CATALOGUE_ORDER: readonly KeySpec[] = KEY_SPECS;

export function specEntry(spec: KeySpec): SpecEntry {
  return CATALOGUE[spec];
}

export function usageEntry(spec: KeySpec, usage: KeyUsage): UsageEntry | undefined {
  return CATALOGUE[spec].usages.find((u) => u.usage === usage);
}

/** Is this spec × usage a key KMS (outside China) can create? */
export function isOfferedCombination(spec: KeySpec, usage: KeyUsage): boolean {
  return CATALOGUE[spec].offered && usageEntry(spec, usage) !== undefined;
}

/** The operations a key of this spec and usage allows. */
export function operationsFor(spec: KeySpec, usage: KeyUsage): readonly KeyOperation[] {
  return usageEntry(spec, usage)?.operations ?? [];
}

/** The algorithm lists DescribeKey and GetPublicKey report for a key. */
export interface KeyAlgorithms {
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  MacAlgorithms?: MacAlgorithmSpec[];
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
  EncapsulationAlgorithms?: EncapsulationAlgorithmSpec[];
}

export function algorithmsFor(spec: KeySpec, usage: KeyUsage): KeyAlgorithms {
  const u = usageEntry(spec, usage);
  const out: KeyAlgorithms = {};
  if (!u) return out;
  if (u.encryptionAlgorithms) out.EncryptionAlgorithms = [...u.encryptionAlgorithms];
  if (u.signingAlgorithms) out.SigningAlgorithms = [...u.signingAlgorithms];
  if (u.macAlgorithms) out.MacAlgorithms = [...u.macAlgorithms];
  if (u.keyAgreementAlgorithms) out.KeyAgreementAlgorithms = [...u.keyAgreementAlgorithms];
  if (u.encapsulationAlgorithms) out.EncapsulationAlgorithms = [...u.encapsulationAlgorithms];
  return out;
}

/** Which DataKeyPairSpecs GenerateDataKeyPair(WithoutPlaintext) produces here. */
export const DATA_KEY_PAIR_INFO: Readonly<Record<DataKeyPairSpec, { offered: boolean; summary: string; notOfferedReason?: string }>> = {
  RSA_2048: { offered: true, summary: 'RSA 2048 key pair (PKCS #8 / SPKI DER)' },
  RSA_3072: { offered: true, summary: 'RSA 3072 key pair (PKCS #8 / SPKI DER)' },
  RSA_4096: { offered: true, summary: 'RSA 4096 key pair (PKCS #8 / SPKI DER); slow to generate' },
  ECC_NIST_P256: { offered: true, summary: 'NIST P-256 key pair' },
  ECC_NIST_P384: { offered: true, summary: 'NIST P-384 key pair' },
  ECC_NIST_P521: { offered: true, summary: 'NIST P-521 key pair' },
  ECC_SECG_P256K1: { offered: true, summary: 'secp256k1 key pair' },
  ECC_NIST_EDWARDS25519: { offered: true, summary: 'Ed25519 key pair' },
  SM2: { offered: false, summary: 'SM2 key pair', notOfferedReason: 'KeyPairSpec SM2 is available only in the AWS China Regions.' },
  ML_KEM_512: { offered: false, summary: 'ML-KEM-512 key pair', notOfferedReason: 'ML-KEM data key pairs need a PKCS #8 encoding Keyward does not produce yet; use an ML_KEM_512 KMS key with Encapsulate.' },
  ML_KEM_768: { offered: false, summary: 'ML-KEM-768 key pair', notOfferedReason: 'ML-KEM data key pairs need a PKCS #8 encoding Keyward does not produce yet; use an ML_KEM_768 KMS key with Encapsulate.' },
  ML_KEM_1024: { offered: false, summary: 'ML-KEM-1024 key pair', notOfferedReason: 'ML-KEM data key pairs need a PKCS #8 encoding Keyward does not produce yet; use an ML_KEM_1024 KMS key with Encapsulate.' },
};

/** The largest RSA-OAEP (or symmetric) plaintext for a spec and algorithm, or undefined if the pair is invalid. */
export function maxPlaintextBytes(spec: KeySpec, algorithm: EncryptionAlgorithmSpec): number | undefined {
  return usageEntry(spec, 'ENCRYPT_DECRYPT')?.maxPlaintextBytes?.[algorithm];
}
