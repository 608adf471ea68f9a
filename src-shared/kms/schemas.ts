/**
 * Runtime schemas for KMS requests, with KMS's own constraints (AWS KMS API Reference, each
 * operation's "Request Parameters"). Field names and constraint texts follow KMS's
 * ValidationException wording.
 *
 * Written once (`defineKmsSchemas`) and built twice: `KmsSchemas` for structured clone
 * (blobs are Uint8Array) and `KmsJsonSchemas` for the JSON transports, where each blob is a
 * base64 codec in front of the same checks (AWS JSON 1.1: blobs are base64 strings).
 */
import { z } from 'zod';
import { base64Field, defineJsonForm } from '../wire.js';
import {
  DATA_KEY_PAIR_SPECS, DATA_KEY_SPECS, ENCAPSULATION_ALGORITHMS, ENCRYPTION_ALGORITHMS, KEY_AGREEMENT_ALGORITHMS,
  KEY_SPECS, KEY_USAGES, LIMITS, MAC_ALGORITHMS, MESSAGE_TYPES, ORIGINS, SIGNING_ALGORITHMS,
} from './enums.js';

const str = (min: number, max: number) =>
  z
    .string({ error: 'Member must be a string' })
    .min(min, `Member must have length greater than or equal to ${min}`)
    .max(max, `Member must have length less than or equal to ${max}`);

const int = (min: number, max: number) =>
  z
    .number({ error: 'Member must be a number' })
    .int('Member must be an integer')
    .min(min, `Member must have value greater than or equal to ${min}`)
    .max(max, `Member must have value less than or equal to ${max}`);

const BINARY_MESSAGE = 'Member must be binary data';

/** A blob field over structured clone: a Uint8Array of min..max bytes. */
const structuredBytes = (min: number, max: number) =>
  z
    .instanceof(Uint8Array, { error: BINARY_MESSAGE })
    .refine((b) => b.length >= min, `Member must have length greater than or equal to ${min}`)
    .refine((b) => b.length <= max, `Member must have length less than or equal to ${max}`);

/** A blob field on a JSON transport: base64 text, decoded, then the same checks. */
const jsonBytes = (min: number, max: number) => base64Field(structuredBytes(min, max), BINARY_MESSAGE);

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Member must satisfy enum value set: [${values.join(', ')}]` });

export const KeyIdSchema = str(1, LIMITS.keyIdMax);
export const EncryptionContextSchema = z.record(z.string(), z.string(), {
  error: 'Member must be a map of string to string',
});
const GrantTokens = z.array(str(1, 8192)).max(LIMITS.grantTokensMax).optional();
const Limit = (max: number) => int(1, max).optional();
const Marker = str(1, LIMITS.markerMax).optional();
const TagSchema = z.object({
  TagKey: str(1, LIMITS.tagKeyMax),
  TagValue: str(0, LIMITS.tagValueMax),
});
export const AliasNameSchema = str(1, LIMITS.aliasNameMax).regex(
  /^[a-zA-Z0-9:/_-]+$/,
  'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$',
);

/** Every operation's request schema, with `bytes` building its blob fields. */
function defineKmsSchemas<B extends z.ZodType<Uint8Array>>(bytes: (min: number, max: number) => B) {
  return {
  CreateKey: z.object({
    Description: str(0, LIMITS.descriptionMax).optional(),
    KeyUsage: oneOf(KEY_USAGES).optional(),
    KeySpec: oneOf(KEY_SPECS).optional(),
    CustomerMasterKeySpec: oneOf(KEY_SPECS).optional(),
    Origin: oneOf(ORIGINS).optional(),
    Policy: str(1, 131072).optional(),
    BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
    Tags: z.array(TagSchema).optional(),
    MultiRegion: z.boolean().optional(),
  }),
  DescribeKey: z.object({ KeyId: KeyIdSchema, GrantTokens }),
  ListKeys: z.object({ Limit: Limit(LIMITS.listKeysLimitMax), Marker }),
  UpdateKeyDescription: z.object({ KeyId: KeyIdSchema, Description: str(0, LIMITS.descriptionMax) }),
  EnableKey: z.object({ KeyId: KeyIdSchema }),
  DisableKey: z.object({ KeyId: KeyIdSchema }),
  ScheduleKeyDeletion: z.object({
    KeyId: KeyIdSchema,
    PendingWindowInDays: int(LIMITS.pendingWindowMin, LIMITS.pendingWindowMax).optional(),
  }),
  CancelKeyDeletion: z.object({ KeyId: KeyIdSchema }),
  Encrypt: z.object({
    KeyId: KeyIdSchema,
    Plaintext: bytes(1, LIMITS.encryptPlaintextMax),
    EncryptionContext: EncryptionContextSchema.optional(),
    EncryptionAlgorithm: oneOf(ENCRYPTION_ALGORITHMS).optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  Decrypt: z.object({
    CiphertextBlob: bytes(1, LIMITS.ciphertextBlobMax),
    EncryptionContext: EncryptionContextSchema.optional(),
    KeyId: KeyIdSchema.optional(),
    EncryptionAlgorithm: oneOf(ENCRYPTION_ALGORITHMS).optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  ReEncrypt: z.object({
    CiphertextBlob: bytes(1, LIMITS.ciphertextBlobMax),
    SourceEncryptionContext: EncryptionContextSchema.optional(),
    SourceKeyId: KeyIdSchema.optional(),
    DestinationKeyId: KeyIdSchema,
    DestinationEncryptionContext: EncryptionContextSchema.optional(),
    SourceEncryptionAlgorithm: oneOf(ENCRYPTION_ALGORITHMS).optional(),
    DestinationEncryptionAlgorithm: oneOf(ENCRYPTION_ALGORITHMS).optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKey: z.object({
    KeyId: KeyIdSchema,
    EncryptionContext: EncryptionContextSchema.optional(),
    NumberOfBytes: int(LIMITS.randomBytesMin, LIMITS.randomBytesMax).optional(),
    KeySpec: oneOf(DATA_KEY_SPECS).optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyWithoutPlaintext: z.object({
    KeyId: KeyIdSchema,
    EncryptionContext: EncryptionContextSchema.optional(),
    NumberOfBytes: int(LIMITS.randomBytesMin, LIMITS.randomBytesMax).optional(),
    KeySpec: oneOf(DATA_KEY_SPECS).optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GenerateRandom: z.object({
    NumberOfBytes: int(LIMITS.randomBytesMin, LIMITS.randomBytesMax).optional(),
  }),
  CreateAlias: z.object({ AliasName: AliasNameSchema, TargetKeyId: KeyIdSchema }),
  UpdateAlias: z.object({ AliasName: AliasNameSchema, TargetKeyId: KeyIdSchema }),
  DeleteAlias: z.object({ AliasName: AliasNameSchema }),
  ListAliases: z.object({
    KeyId: KeyIdSchema.optional(),
    Limit: Limit(LIMITS.listAliasesLimitMax),
    Marker,
  }),
  TagResource: z.object({ KeyId: KeyIdSchema, Tags: z.array(TagSchema) }),
  UntagResource: z.object({ KeyId: KeyIdSchema, TagKeys: z.array(str(1, LIMITS.tagKeyMax)) }),
  ListResourceTags: z.object({ KeyId: KeyIdSchema, Limit: Limit(LIMITS.listTagsLimitMax), Marker }),
  EnableKeyRotation: z.object({
    KeyId: KeyIdSchema,
    RotationPeriodInDays: int(LIMITS.rotationPeriodMin, LIMITS.rotationPeriodMax).optional(),
  }),
  DisableKeyRotation: z.object({ KeyId: KeyIdSchema }),
  GetKeyRotationStatus: z.object({ KeyId: KeyIdSchema }),
  RotateKeyOnDemand: z.object({ KeyId: KeyIdSchema }),
  Sign: z.object({
    KeyId: KeyIdSchema,
    Message: bytes(1, LIMITS.messageMax),
    MessageType: oneOf(MESSAGE_TYPES).optional(),
    SigningAlgorithm: oneOf(SIGNING_ALGORITHMS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  Verify: z.object({
    KeyId: KeyIdSchema,
    Message: bytes(1, LIMITS.messageMax),
    MessageType: oneOf(MESSAGE_TYPES).optional(),
    Signature: bytes(1, LIMITS.signatureMax),
    SigningAlgorithm: oneOf(SIGNING_ALGORITHMS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GetPublicKey: z.object({ KeyId: KeyIdSchema, GrantTokens }),
  GenerateMac: z.object({
    KeyId: KeyIdSchema,
    Message: bytes(1, LIMITS.messageMax),
    MacAlgorithm: oneOf(MAC_ALGORITHMS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  VerifyMac: z.object({
    KeyId: KeyIdSchema,
    Message: bytes(1, LIMITS.messageMax),
    MacAlgorithm: oneOf(MAC_ALGORITHMS),
    Mac: bytes(1, LIMITS.signatureMax),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  DeriveSharedSecret: z.object({
    KeyId: KeyIdSchema,
    KeyAgreementAlgorithm: oneOf(KEY_AGREEMENT_ALGORITHMS),
    PublicKey: bytes(1, LIMITS.publicKeyMax),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyPair: z.object({
    KeyId: KeyIdSchema,
    KeyPairSpec: oneOf(DATA_KEY_PAIR_SPECS),
    EncryptionContext: EncryptionContextSchema.optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyPairWithoutPlaintext: z.object({
    KeyId: KeyIdSchema,
    KeyPairSpec: oneOf(DATA_KEY_PAIR_SPECS),
    EncryptionContext: EncryptionContextSchema.optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  Encapsulate: z.object({
    KeyId: KeyIdSchema,
    EncapsulationAlgorithm: oneOf(ENCAPSULATION_ALGORITHMS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  Decapsulate: z.object({
    KeyId: KeyIdSchema,
    SharedSecretCiphertextBlob: bytes(1, LIMITS.publicKeyMax),
    EncapsulationAlgorithm: oneOf(ENCAPSULATION_ALGORITHMS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  ListKeyRotations: z.object({
    KeyId: KeyIdSchema,
    IncludeKeyMaterial: oneOf(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] as const).optional(),
    Limit: Limit(LIMITS.listKeysLimitMax),
    Marker,
  }),
  } as const;
}

/** KMS request schemas over structured clone (Electron IPC, in-process callers). */
export const KmsSchemas = defineKmsSchemas(structuredBytes);
/** The same schemas for JSON transports: blobs are base64 strings decoded by a codec. */
export const KmsJsonSchemas = defineKmsSchemas(jsonBytes);

export type KmsOperation = keyof typeof KmsSchemas;
export const KMS_OPERATIONS = Object.keys(KmsSchemas) as KmsOperation[]; // keys of a literal object
for (const op of KMS_OPERATIONS) defineJsonForm(KmsSchemas[op], KmsJsonSchemas[op]);
export type KmsRequest<O extends KmsOperation> = z.output<(typeof KmsSchemas)[O]>;
export type Tag = z.output<typeof TagSchema>;
