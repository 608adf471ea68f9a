/**
 * AWS managed keys and the predefined aliases that name them
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 *
 * - A predefined alias `alias/aws/<service>` exists in every account; until its key exists,
 *   ListAliases returns it without TargetKeyId
 *   (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html).
 * - The key is created on first use. AWS services create it by calling DescribeKey (or a
 *   cryptographic operation) with the predefined alias; Keyward does the same for the calls a
 *   service would make: DescribeKey, Encrypt, GenerateDataKey*, GenerateDataKeyPair* and the
 *   destination of ReEncrypt. Decrypt never creates one: no ciphertext can name a key that does
 *   not exist yet.
 * - It is a symmetric encryption key, KeyManager AWS, rotated every year; the rotation cannot be
 *   changed (https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html).
 * - Its key policy is the AWS managed key policy: use through the service, and only
 *   Describe*, Get*, List* directly. Every change a customer may attempt is therefore refused
 *   by the policy: AccessDeniedException "User: <arn> is not authorized to perform: kms:<Action>
 *   on resource: <key ARN> because no resource-based policy allows the kms:<Action> action"
 *   (the wording AWS answers with, e.g. github.com/aws-ia/terraform-aws-eks-blueprints/issues/485).
 *   You cannot edit any property of an AWS managed key
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/editing-keys.html).
 * - Alias names that begin with alias/aws/ are reserved
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html): CreateAlias,
 *   UpdateAlias and DeleteAlias on them are NotAuthorizedException with no message (the answer
 *   moto records: github.com/getmoto/moto, moto/kms/exceptions.py).
 */
import { LIMITS } from '../../src-shared/kms/enums.js';
import { AccessDeniedException, NotAuthorizedException } from '../../src-shared/kms/errors.js';
import type { KmsOperation } from '../../src-shared/kms/schemas.js';
import { randomUuid } from '../crypto/random.js';
import { DAY_MS } from '../platform/clock.js';
import type { EngineContext } from './context.js';
import { aliasNameOf, keyArn, resolveKey } from './identifiers.js';
import { newMaterial } from './lifecycle.js';
import type { KeyRecord, VaultState } from './model.js';

/** The prefix AWS reserves for the aliases of AWS managed keys. */
export const AWS_ALIAS_PREFIX = 'alias/aws/';

/** One predefined alias: its name, the service's name in policy Sids, what the key protects, the kms:ViaService host. */
export interface PredefinedAlias {
  aliasName: string;
  service: string;
  protects: string;
  via: string;
  /** The service also holds grants on the key (kms:CreateGrant through it, kms:RevokeGrant directly). */
  grants?: true;
}

/**
 * The predefined aliases a new account lists (ListAliases in a fresh us-east-1 account as
 * recorded in pastebin.com/mT3P2ZRP, and moto's list in moto/kms/utils.py). Services that
 * create their alias only with the key are not listed.
 */
export const PREDEFINED_ALIASES: readonly PredefinedAlias[] = [
  { aliasName: 'alias/aws/acm', service: 'ACM', protects: 'ACM private keys', via: 'acm' },
  { aliasName: 'alias/aws/dynamodb', service: 'Amazon DynamoDB', protects: 'DynamoDB data', via: 'dynamodb' },
  { aliasName: 'alias/aws/ebs', service: 'EBS', protects: 'EBS volumes', via: 'ec2', grants: true },
  { aliasName: 'alias/aws/elasticfilesystem', service: 'Amazon Elastic File System', protects: 'Amazon EFS file systems', via: 'elasticfilesystem', grants: true },
  { aliasName: 'alias/aws/es', service: 'Amazon OpenSearch Service', protects: 'OpenSearch domains', via: 'es', grants: true },
  { aliasName: 'alias/aws/glue', service: 'AWS Glue', protects: 'AWS Glue data', via: 'glue' },
  { aliasName: 'alias/aws/kinesisvideo', service: 'Kinesis Video Streams', protects: 'Kinesis Video Streams data', via: 'kinesisvideo' },
  { aliasName: 'alias/aws/lambda', service: 'AWS Lambda', protects: 'Lambda functions', via: 'lambda' },
  { aliasName: 'alias/aws/rds', service: 'Amazon RDS', protects: 'RDS database volumes', via: 'rds', grants: true },
  { aliasName: 'alias/aws/redshift', service: 'Amazon Redshift', protects: 'Redshift data', via: 'redshift', grants: true },
  { aliasName: 'alias/aws/s3', service: 'S3', protects: 'S3 objects', via: 's3' },
  { aliasName: 'alias/aws/secretsmanager', service: 'AWS Secrets Manager', protects: 'Secrets Manager secrets', via: 'secretsmanager', grants: true },
  { aliasName: 'alias/aws/ssm', service: 'SSM', protects: 'SSM parameters', via: 'ssm' },
  { aliasName: 'alias/aws/xray', service: 'AWS X-Ray', protects: 'X-Ray data', via: 'xray' },
];

const BY_NAME = new Map(PREDEFINED_ALIASES.map((p) => [p.aliasName, p]));

/** The predefined alias `aliasName` names, or undefined. */
export function predefinedAlias(aliasName: string): PredefinedAlias | undefined {
  return BY_NAME.get(aliasName);
}

/** True for a key AWS manages (KeyMetadata.KeyManager AWS). */
export function isAwsManaged(key: Pick<KeyRecord, 'keyManager'>): boolean {
  return key.keyManager === 'AWS';
}

/**
 * The AWS managed key policy for `p` in this account and Region: the service may use the key
 * for the account's principals (kms:ViaService), the account may read its metadata. The shape
 * of the policies AWS attaches (github.com/FogSecurity/aws-managed-kms-keys,
 * reference_key_policies/s3.json, ebs.json), pretty-printed as GetKeyPolicy returns it.
 */
export function awsManagedPolicy(p: PredefinedAlias, accountId: string, region: string): string {
  const short = p.aliasName.slice(AWS_ALIAS_PREFIX.length);
  const use = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', ...(p.grants ? ['kms:CreateGrant'] : []), 'kms:DescribeKey'];
  const read = ['kms:Describe*', 'kms:Get*', 'kms:List*', ...(p.grants ? ['kms:RevokeGrant'] : [])];
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: `auto-${short}-1`,
      Statement: [
        {
          Sid: `Allow access through ${p.service} for all principals in the account that are authorized to use ${p.service}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: use,
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${p.via}.${region}.amazonaws.com` } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: read,
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** Create the AWS managed key of `p` and point its alias at it (no commit: the caller commits). */
export function createAwsManagedKey(ctx: EngineContext, p: PredefinedAlias): KeyRecord {
  const { state } = ctx;
  const now = ctx.clock.now().getTime();
  const key: KeyRecord = {
    keyId: randomUuid(),
    creationDate: now,
    // The description AWS gives these keys names what they protect.
    description: `Default key that protects my ${p.protects} when no other key is defined`,
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    state: 'Enabled',
    policy: awsManagedPolicy(p, state.settings.accountId, state.settings.region),
    // AWS managed keys rotate every year, one year after creation (API_EnableKeyRotation.html).
    rotation: { enabled: true, periodDays: LIMITS.rotationPeriodDefault, nextRotation: now + LIMITS.rotationPeriodDefault * DAY_MS, onDemandCount: 0 },
    materials: [newMaterial(now)],
    tags: [],
    keyManager: 'AWS',
  };
  state.keys.set(key.keyId, key);
  state.aliases.set(p.aliasName, { aliasName: p.aliasName, targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
  return key;
}

/** Operations that create an AWS managed key on first use, and the request member naming it. */
const CREATES_ON_FIRST_USE: Partial<Record<KmsOperation, 'KeyId' | 'DestinationKeyId'>> = {
  DescribeKey: 'KeyId',
  Encrypt: 'KeyId',
  GenerateDataKey: 'KeyId',
  GenerateDataKeyWithoutPlaintext: 'KeyId',
  GenerateDataKeyPair: 'KeyId',
  GenerateDataKeyPairWithoutPlaintext: 'KeyId',
  ReEncrypt: 'DestinationKeyId',
};

/** Operations a customer may not perform on an AWS managed key: the request member naming the key. */
const REFUSED_ON_AWS_MANAGED: Partial<Record<KmsOperation, 'KeyId' | 'TargetKeyId'>> = {
  UpdateKeyDescription: 'KeyId',
  EnableKey: 'KeyId',
  DisableKey: 'KeyId',
  ScheduleKeyDeletion: 'KeyId',
  CancelKeyDeletion: 'KeyId',
  EnableKeyRotation: 'KeyId',
  DisableKeyRotation: 'KeyId',
  RotateKeyOnDemand: 'KeyId',
  TagResource: 'KeyId',
  UntagResource: 'KeyId',
  CreateAlias: 'TargetKeyId',
  UpdateAlias: 'TargetKeyId',
};

const ALIAS_OPERATIONS = new Set<KmsOperation>(['CreateAlias', 'UpdateAlias', 'DeleteAlias']);

const member = (request: unknown, name: string): string | undefined => {
  if (typeof request !== 'object' || request === null) return undefined;
  const v: unknown = (request as Record<string, unknown>)[name]; // a parsed request: a plain object
  return typeof v === 'string' ? v : undefined;
};

/**
 * AccessDeniedException as AWS words a key policy refusal. Keyward has no IAM users: every
 * caller acts as the account (its access keys are the account's), so the principal named is
 * the account root, which the AWS managed key policy does not allow to change the key either.
 */
export function accessDenied(state: VaultState, key: KeyRecord, operation: string): AccessDeniedException {
  const principal = `arn:aws:iam::${state.settings.accountId}:root`;
  return new AccessDeniedException(
    `User: ${principal} is not authorized to perform: kms:${operation} on resource: ${keyArn(state, key.keyId)} because no resource-based policy allows the kms:${operation} action`,
  );
}

/**
 * The engine's hook before every operation (engine.ts):
 * - CreateAlias/UpdateAlias/DeleteAlias of an alias/aws/ name: NotAuthorizedException.
 * - A change a customer may not make to an AWS managed key: AccessDeniedException (see above).
 *   Identifiers that do not resolve are left to the operation, which reports them in its order.
 * - First use of a predefined alias by an operation that creates its key: the key is created
 *   and committed before the operation runs, so a ciphertext never outlives its key.
 * @throws NotAuthorizedException, AccessDeniedException; whatever the commit throws.
 */
export async function beforeOperation(ctx: EngineContext, operation: KmsOperation, request: unknown): Promise<void> {
  const { state } = ctx;
  if (ALIAS_OPERATIONS.has(operation) && member(request, 'AliasName')?.startsWith(AWS_ALIAS_PREFIX)) {
    throw new NotAuthorizedException('');
  }
  const guarded = REFUSED_ON_AWS_MANAGED[operation];
  const guardedId = guarded && member(request, guarded);
  if (guardedId !== undefined) {
    let key: KeyRecord | undefined;
    try {
      key = resolveKey(state, guardedId, { allowAlias: false });
    } catch {
      key = undefined; // the operation reports it
    }
    if (key && isAwsManaged(key)) throw accessDenied(state, key, operation);
  }
  const p = firstUseOf(state, operation, request);
  if (p) {
    createAwsManagedKey(ctx, p);
    await ctx.commit();
  }
}

/** The predefined alias whose AWS managed key `operation` would create on first use, if any. */
function firstUseOf(state: VaultState, operation: KmsOperation, request: unknown): PredefinedAlias | undefined {
  const creating = CREATES_ON_FIRST_USE[operation];
  const id = creating && member(request, creating);
  const aliasName = id === undefined ? undefined : aliasNameOf(state, id);
  const p = aliasName === undefined ? undefined : predefinedAlias(aliasName);
  return p && !state.aliases.has(p.aliasName) ? p : undefined;
}

/**
 * True if `operation` on `request` would create an AWS managed key (first use of a predefined
 * alias): a read that changes the vault, so the service records it as a change.
 */
export function createsOnFirstUse(state: VaultState, operation: KmsOperation, request: unknown): boolean {
  return firstUseOf(state, operation, request) !== undefined;
}

/** The predefined aliases whose key does not exist yet: ListAliases lists them without TargetKeyId. */
export function unassociatedPredefinedAliases(state: VaultState): PredefinedAlias[] {
  return PREDEFINED_ALIASES.filter((p) => !state.aliases.has(p.aliasName));
}
