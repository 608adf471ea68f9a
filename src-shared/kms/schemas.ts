/**
 * Runtime schemas for KMS requests, with the constraints of botocore's kms-2014-11-01 model
 * (botocore/data/kms/2014-11-01/service-2.json: min, max, pattern, enum, sensitive; the AWS
 * KMS API Reference's "Request Parameters" say the same). Each check's message is the
 * constraint as AWS's model validation words it ("Member must have length less than or equal
 * to 4096"); src-shared/validation.ts adds the value and the member name.
 *
 * Written once (`defineKmsSchemas`) and built twice: `KmsSchemas` for structured clone
 * (blobs are Uint8Array) and `KmsJsonSchemas` for the JSON transports, where each blob is a
 * base64 codec in front of the same checks (AWS JSON 1.1: blobs are base64 strings).
 */
import { z } from 'zod';
import { defineKmsRequestSchema, type KmsIssueParams } from '../validation.js';
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

/** A model pattern check, worded as AWS words it: `Member must satisfy regular expression pattern: <model pattern>`. */
const pattern = (re: RegExp, modelText: string) => [re, `Member must satisfy regular expression pattern: ${modelText}`] as const;

const BINARY_MESSAGE = 'Member must be binary data';

/** A rule the service checks after the model validation: its message is the whole answer (see validation.ts). */
const SERVICE: { params: KmsIssueParams } = { params: { service: true } };

/** A blob field over structured clone: a Uint8Array of min..max bytes. */
const structuredBytes = (min: number, max: number) =>
  z
    .instanceof(Uint8Array, { error: BINARY_MESSAGE })
    .refine((b) => b.length >= min, `Member must have length greater than or equal to ${min}`)
    .refine((b) => b.length <= max, `Member must have length less than or equal to ${max}`);

/** A blob field on a JSON transport: base64 text, decoded, then the same checks. */
const jsonBytes = (min: number, max: number) => base64Field(structuredBytes(min, max), BINARY_MESSAGE);

/**
 * The order in which AWS lists an enum in `Member must satisfy enum value set: [...]`, where
 * a recorded AWS answer shows it (it is not the model's order). Values added since the
 * recording follow in the order of enums.ts (our choice: AWS's current order for them is not
 * recorded anywhere public); enums with no recorded answer keep the order of enums.ts. Recorded answers: LocalStack tests/aws/services/kms/test_kms.snapshot.json
 * (macAlgorithm, keySpec, keyUsage, keyAgreementAlgorithm) and boto/boto3#3428 / moto for
 * GenerateDataKey's keySpec ([AES_256, AES_128]).
 */
const AWS_ENUM_ORDER: readonly (readonly string[])[] = [
  ['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512'],
  ['RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072', 'ECC_SECG_P256K1', 'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512'],
  ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC'],
  ['AES_256', 'AES_128'],
];

/** `values` in AWS's order: a recorded order whose values the enum all has, then the rest as given. */
export function awsEnumOrder(values: readonly string[]): string[] {
  const recorded = AWS_ENUM_ORDER.find((r) => r.every((v) => values.includes(v))) ?? [];
  return [...recorded, ...values.filter((v) => !recorded.includes(v))];
}

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Member must satisfy enum value set: [${awsEnumOrder(values).join(', ')}]` });

/** botocore's CustomerMasterKeySpec enum (deprecated; it never gained Ed25519, ML-DSA or ML-KEM). */
const CUSTOMER_MASTER_KEY_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2',
] as const;

export const KeyIdSchema = str(1, LIMITS.keyIdMax);
export const EncryptionContextSchema = z.record(z.string(), z.string(), {
  error: 'Member must be a map of string to string',
});
const GrantTokens = z.array(str(1, 8192)).max(LIMITS.grantTokensMax, `Member must have length less than or equal to ${LIMITS.grantTokensMax}`).optional();
/**
 * LimitType: the model allows 1-1000 (that is what model validation says); ListAliases and
 * ListResourceTags document at most 100 and 50. Our choice for the values between: serve at
 * most the documented number (AWS does not say whether it refuses or caps them).
 */
const Limit = (documentedMax: number) => int(1, 1000).transform((n) => Math.min(n, documentedMax)).optional();
/** MarkerType: 1-1024 characters of [\u0020-\u00FF]*. */
const Marker = str(1, LIMITS.markerMax).regex(...pattern(/^[\u0020-\u00FF]*$/, '[\\u0020-\\u00FF]*')).optional();
const TagSchema = z.object({
  TagKey: str(1, LIMITS.tagKeyMax),
  TagValue: str(0, LIMITS.tagValueMax),
});
export const AliasNameSchema = str(1, LIMITS.aliasNameMax).regex(...pattern(/^[a-zA-Z0-9:/_-]+$/, '^[a-zA-Z0-9:/_-]+$'));
/** PolicyType: 1-131072 characters of tab, LF, CR and U+0020-U+00FF. */
const PolicySchema = str(1, 131072).regex(...pattern(/^[\t\n\r\u0020-\u00FF]+$/, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+'));

/**
 * Every operation's request schema, with `bytes` building its blob fields. Members are in
 * botocore's order, so several errors are listed in the model's member order (our choice:
 * AWS does not document the order of several errors).
 */
function defineKmsSchemas<B extends z.ZodType<Uint8Array>>(bytes: (min: number, max: number) => B) {
  return {
  CreateKey: z.object({
    Policy: PolicySchema.optional(),
    Description: str(0, LIMITS.descriptionMax).optional(),
    KeyUsage: oneOf(KEY_USAGES).optional(),
    CustomerMasterKeySpec: oneOf(CUSTOMER_MASTER_KEY_SPECS).optional(),
    KeySpec: oneOf(KEY_SPECS).optional(),
    Origin: oneOf(ORIGINS).optional(),
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
    // Model range 1-365; then the service's own rule (AWS answer recorded in Skyscanner/kms-issuer#8).
    PendingWindowInDays: int(1, 365)
      .refine((d) => d >= LIMITS.pendingWindowMin && d <= LIMITS.pendingWindowMax, {
        message: `PendingWindowInDays must be between ${LIMITS.pendingWindowMin} and ${LIMITS.pendingWindowMax}`, ...SERVICE,
      })
      .optional(),
  }),
  CancelKeyDeletion: z.object({ KeyId: KeyIdSchema }),
  Encrypt: z.object({
    KeyId: KeyIdSchema,
    Plaintext: bytes(1, LIMITS.encryptPlaintextMax),
    EncryptionContext: EncryptionContextSchema.optional(),
    GrantTokens,
    EncryptionAlgorithm: oneOf(ENCRYPTION_ALGORITHMS).optional(),
    DryRun: z.boolean().optional(),
  }),
  Decrypt: z.object({
    CiphertextBlob: bytes(1, LIMITS.ciphertextBlobMax),
    EncryptionContext: EncryptionContextSchema.optional(),
    GrantTokens,
    KeyId: KeyIdSchema.optional(),
    EncryptionAlgorithm: oneOf(ENCRYPTION_ALGORITHMS).optional(),
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
    KeySpec: oneOf(DATA_KEY_SPECS).optional(),
    NumberOfBytes: int(LIMITS.randomBytesMin, LIMITS.randomBytesMax).optional(),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  // NumberOfBytes is optional in the model; the service requires it: `NumberOfBytes is required.`
  // (recorded AWS answer, LocalStack test_kms.snapshot.json, GenerateRandom without it).
  GenerateRandom: z.object({
    NumberOfBytes: int(LIMITS.randomBytesMin, LIMITS.randomBytesMax).optional(),
  }).refine((r) => r.NumberOfBytes !== undefined, { message: 'NumberOfBytes is required.', ...SERVICE }),
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
    GrantTokens,
    SigningAlgorithm: oneOf(SIGNING_ALGORITHMS),
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
    Message: bytes(1, LIMITS.messageMax),
    KeyId: KeyIdSchema,
    MacAlgorithm: oneOf(MAC_ALGORITHMS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  VerifyMac: z.object({
    Message: bytes(1, LIMITS.messageMax),
    KeyId: KeyIdSchema,
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
    EncryptionContext: EncryptionContextSchema.optional(),
    KeyId: KeyIdSchema,
    KeyPairSpec: oneOf(DATA_KEY_PAIR_SPECS),
    GrantTokens,
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyPairWithoutPlaintext: z.object({
    EncryptionContext: EncryptionContextSchema.optional(),
    KeyId: KeyIdSchema,
    KeyPairSpec: oneOf(DATA_KEY_PAIR_SPECS),
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

/**
 * Request members botocore's kms-2014-11-01 model marks `"sensitive": true` (the shape
 * PlaintextType), whose values a ValidationException never shows (`Value at 'plaintext'`).
 */
export const SENSITIVE_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  Encrypt: ['Plaintext'], Sign: ['Message'], Verify: ['Message'], GenerateMac: ['Message'], VerifyMac: ['Message'],
};

/** KMS request schemas over structured clone (Electron IPC, in-process callers). */
export const KmsSchemas = defineKmsSchemas(structuredBytes);
/** The same schemas for JSON transports: blobs are base64 strings decoded by a codec. */
export const KmsJsonSchemas = defineKmsSchemas(jsonBytes);

export type KmsOperation = keyof typeof KmsSchemas;
export const KMS_OPERATIONS = Object.keys(KmsSchemas) as KmsOperation[]; // keys of a literal object
for (const op of KMS_OPERATIONS) {
  defineJsonForm(KmsSchemas[op], KmsJsonSchemas[op]);
  defineKmsRequestSchema(KmsSchemas[op], SENSITIVE_MEMBERS[op] ?? []);
}
export type KmsRequest<O extends KmsOperation> = z.output<(typeof KmsSchemas)[O]>;
export type Tag = z.output<typeof TagSchema>;
