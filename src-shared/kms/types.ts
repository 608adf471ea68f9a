/** KMS response shapes (AWS KMS API Reference, each operation's "Response Elements"). Dates are JS Dates over IPC. */
import type {
  DataKeyPairSpec, DataKeySpec, EncapsulationAlgorithmSpec, EncryptionAlgorithmSpec, KeyAgreementAlgorithmSpec,
  KeyMaterialState, KeySpec, KeyState, KeyUsage, MacAlgorithmSpec, OriginType, RotationType, SigningAlgorithmSpec,
} from './enums.js';
import type { KmsOperation, Tag } from './schemas.js';

export interface KeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: KeyUsage;
  KeyState: KeyState;
  DeletionDate?: Date;
  PendingDeletionWindowInDays?: number;
  Origin: OriginType;
  KeyManager: 'AWS' | 'CUSTOMER';
  /** Deprecated; absent for specs its enum lacks (Ed25519, ML-DSA, ML-KEM). */
  CustomerMasterKeySpec?: KeySpec;
  KeySpec: KeySpec;
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  MacAlgorithms?: MacAlgorithmSpec[];
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
  EncapsulationAlgorithms?: EncapsulationAlgorithmSpec[];
  MultiRegion: boolean;
  CurrentKeyMaterialId?: string;
}

export interface AliasListEntry {
  AliasName: string;
  AliasArn: string;
  TargetKeyId?: string;
  CreationDate?: Date;
  LastUpdatedDate?: Date;
}

export interface RotationListEntry {
  KeyId: string;
  KeyMaterialId: string;
  KeyMaterialState: KeyMaterialState;
  RotationDate?: Date;
  RotationType?: RotationType;
}

interface Paged {
  NextMarker?: string;
  Truncated: boolean;
}
type Empty = Record<string, never>;

export interface KmsResponses {
  CreateKey: { KeyMetadata: KeyMetadata };
  DescribeKey: { KeyMetadata: KeyMetadata };
  ListKeys: Paged & { Keys: { KeyId: string; KeyArn: string }[] };
  UpdateKeyDescription: Empty;
  EnableKey: Empty;
  DisableKey: Empty;
  ScheduleKeyDeletion: { KeyId: string; DeletionDate: Date; KeyState: KeyState; PendingWindowInDays: number };
  CancelKeyDeletion: { KeyId: string };
  Encrypt: { CiphertextBlob: Uint8Array; KeyId: string; EncryptionAlgorithm: EncryptionAlgorithmSpec };
  Decrypt: { KeyId: string; Plaintext: Uint8Array; EncryptionAlgorithm: EncryptionAlgorithmSpec; /** Symmetric keys only. */ KeyMaterialId?: string };
  ReEncrypt: {
    CiphertextBlob: Uint8Array;
    SourceKeyId: string;
    KeyId: string;
    SourceEncryptionAlgorithm: EncryptionAlgorithmSpec;
    DestinationEncryptionAlgorithm: EncryptionAlgorithmSpec;
    /** Only when the source key is symmetric. */
    SourceKeyMaterialId?: string;
    /** Only when the destination key is symmetric. */
    DestinationKeyMaterialId?: string;
  };
  GenerateDataKey: { CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string; KeyMaterialId: string };
  GenerateDataKeyWithoutPlaintext: { CiphertextBlob: Uint8Array; KeyId: string; KeyMaterialId: string };
  GenerateRandom: { Plaintext: Uint8Array };
  CreateAlias: Empty;
  UpdateAlias: Empty;
  DeleteAlias: Empty;
  ListAliases: Paged & { Aliases: AliasListEntry[] };
  TagResource: Empty;
  UntagResource: Empty;
  ListResourceTags: Paged & { Tags: Tag[] };
  EnableKeyRotation: Empty;
  DisableKeyRotation: Empty;
  GetKeyRotationStatus: {
    KeyId: string;
    KeyRotationEnabled: boolean;
    RotationPeriodInDays?: number;
    NextRotationDate?: Date;
    OnDemandRotationStartDate?: Date;
  };
  RotateKeyOnDemand: { KeyId: string };
  ListKeyRotations: Paged & { Rotations: RotationListEntry[] };
  Sign: { KeyId: string; Signature: Uint8Array; SigningAlgorithm: SigningAlgorithmSpec };
  /** SignatureValid is always true: a bad signature raises KMSInvalidSignatureException. */
  Verify: { KeyId: string; SignatureValid: true; SigningAlgorithm: SigningAlgorithmSpec };
  GetPublicKey: {
    KeyId: string;
    /** DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
    PublicKey: Uint8Array;
    KeySpec: KeySpec;
    /** Deprecated; only for specs in its enum (not Ed25519, ML-DSA, ML-KEM). */
    CustomerMasterKeySpec?: KeySpec;
    KeyUsage: KeyUsage;
    EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
    SigningAlgorithms?: SigningAlgorithmSpec[];
    KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
    EncapsulationAlgorithms?: EncapsulationAlgorithmSpec[];
  };
  GenerateMac: { KeyId: string; Mac: Uint8Array; MacAlgorithm: MacAlgorithmSpec };
  /** MacValid is always true: a bad MAC raises KMSInvalidMacException. */
  VerifyMac: { KeyId: string; MacValid: true; MacAlgorithm: MacAlgorithmSpec };
  DeriveSharedSecret: { KeyId: string; SharedSecret: Uint8Array; KeyAgreementAlgorithm: KeyAgreementAlgorithmSpec; KeyOrigin: OriginType };
  GenerateDataKeyPair: {
    /** The PKCS #8 private key encrypted under the symmetric KMS key: a normal Keyward ciphertext blob. */
    PrivateKeyCiphertextBlob: Uint8Array;
    /** DER PKCS #8 (RFC 5208). */
    PrivateKeyPlaintext: Uint8Array;
    /** DER SubjectPublicKeyInfo. */
    PublicKey: Uint8Array;
    KeyId: string;
    KeyPairSpec: DataKeyPairSpec;
    KeyMaterialId: string;
  };
  GenerateDataKeyPairWithoutPlaintext: {
    PrivateKeyCiphertextBlob: Uint8Array;
    PublicKey: Uint8Array;
    KeyId: string;
    KeyPairSpec: DataKeyPairSpec;
    KeyMaterialId: string;
  };
  Encapsulate: { KeyId: string; SharedSecret: Uint8Array; SharedSecretCiphertextBlob: Uint8Array; EncapsulationAlgorithm: EncapsulationAlgorithmSpec };
  Decapsulate: { KeyId: string; SharedSecret: Uint8Array; EncapsulationAlgorithm: EncapsulationAlgorithmSpec };
}

export type KmsResponse<O extends KmsOperation> = KmsResponses[O];
export type { DataKeyPairSpec, DataKeySpec, Tag };
