/** KMS response shapes (reference/kms-api.md §2). Dates are JS Dates over IPC. */
import type {
  DataKeySpec, EncryptionAlgorithmSpec, KeyMaterialState, KeySpec, KeyState, KeyUsage,
  OriginType, RotationType,
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
  CustomerMasterKeySpec: KeySpec;
  KeySpec: KeySpec;
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
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
  Decrypt: { KeyId: string; Plaintext: Uint8Array; EncryptionAlgorithm: EncryptionAlgorithmSpec; KeyMaterialId: string };
  ReEncrypt: {
    CiphertextBlob: Uint8Array;
    SourceKeyId: string;
    KeyId: string;
    SourceEncryptionAlgorithm: EncryptionAlgorithmSpec;
    DestinationEncryptionAlgorithm: EncryptionAlgorithmSpec;
    SourceKeyMaterialId: string;
    DestinationKeyMaterialId: string;
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
}

export type KmsResponse<O extends KmsOperation> = KmsResponses[O];
export type { DataKeySpec, Tag };
