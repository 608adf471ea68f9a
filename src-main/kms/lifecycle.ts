/** Key lifecycle: CreateKey, DescribeKey, ListKeys, descriptions, enable/disable, deletion. */
import { CATALOGUE, usageEntry } from '../../src-shared/kms/catalogue.js';
import { LIMITS, type KeySpec, type KeyUsage } from '../../src-shared/kms/enums.js';
import {
  KMSInvalidStateException, LimitExceededException, UnsupportedOperationException, ValidationException,
} from '../../src-shared/kms/errors.js';
import type { KmsRequest, Tag } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { bytesToHex as toHex } from '../../src-shared/wire.js';
import { randomBytes, randomUuid } from '../crypto/random.js';
import { DAY_MS } from '../platform/clock.js';
import type { EngineContext } from './context.js';
import { keyArn, resolveKey } from './identifiers.js';
import { assertEnableDisableAllowed, assertNotPendingDeletion } from './key-rules.js';
import { CUSTOMER_MASTER_KEY_SPECS, customerMasterKeySpecOf, toKeyMetadata } from './metadata.js';
import { assertPolicyCharacters, validatePolicyText } from './policy-text.js';
import type { KeyRecord, MaterialVersion } from './model.js';
import { paginateSorted } from './paging.js';
import { validateTags } from './tags.js';
import { generateMaterialFor, type PreparedKeyPair } from './key-material.js';
import { defaultPolicy } from './default-policy.js';

/** Customer managed keys per account and Region (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html). */
export const MAX_KEYS = 100_000;

export { defaultPolicy };

/** New AES-256 material (32 random bytes) with a random 64-hex KeyMaterialId, created at `now` (ms). */
export function newMaterial(now: number, rotationType?: MaterialVersion['rotationType']): MaterialVersion {
  const m: MaterialVersion = { id: toHex(randomBytes(32)), bytes: randomBytes(32), createdAt: now };
  if (rotationType) m.rotationType = rotationType;
  return m;
}

/**
 * CreateKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html;
 * throws that page's exceptions. Checks in this order (model constraints first, as KMS's
 * validation layer; then the request's consistency; then resources and quotas):
 * CustomerMasterKeySpec's deprecated enum and the policy's characters (ValidationException),
 * KeySpec with CustomerMasterKeySpec (ValidationException), a spec not offered in the Region
 * (SM2), KeyUsage against the spec (ValidationException), the policy document
 * (LimitExceeded/MalformedPolicyDocument), tags (TagException), origins and multi-Region keys
 * Keyward does not offer (UnsupportedOperationException), the key quota (LimitExceededException).
 */
export async function createKey(ctx: EngineContext, req: KmsRequest<'CreateKey'>, prepared?: PreparedKeyPair): Promise<KmsResponse<'CreateKey'>> {
  const { state } = ctx;
  const { spec, usage, tags } = checkCreateKey(ctx, req);
  // A key pair was generated before the call reached the engine (engine.prepare), or is
  // generated now off the main thread; nothing in the state changes meanwhile.
  const generated = await generateMaterialFor(spec, prepared?.take(spec));
  const now = ctx.clock.now().getTime();
  const material: MaterialVersion = { id: toHex(randomBytes(32)), bytes: generated.bytes, createdAt: now };
  if (generated.publicKey) material.publicKey = generated.publicKey;
  const key: KeyRecord = {
    keyId: randomUuid(),
    creationDate: now,
    description: req.Description ?? '',
    keyUsage: usage,
    keySpec: spec,
    origin: 'AWS_KMS',
    state: 'Enabled',
    policy: req.Policy ?? defaultPolicy(state.settings.accountId),
    rotation: { enabled: false, periodDays: LIMITS.rotationPeriodDefault, onDemandCount: 0 },
    materials: [material],
    tags,
  };
  state.keys.set(key.keyId, key);
  await ctx.commit();
  return { KeyMetadata: toKeyMetadata(state, key) };
}

/**
 * CreateKey's checks, in the order createKey runs them, before anything is generated or
 * stored (also run by engine.prepare to decide whether to generate a key pair ahead).
 * Returns the key's spec, usage and validated tags; throws what createKey throws.
 */
export function checkCreateKey(ctx: EngineContext, req: KmsRequest<'CreateKey'>): { spec: KeySpec; usage: KeyUsage; tags: Tag[] } {
  const { state } = ctx;
  if (req.CustomerMasterKeySpec !== undefined && customerMasterKeySpecOf(req.CustomerMasterKeySpec) === undefined) {
    // The deprecated member's enum predates Ed25519, ML-DSA and ML-KEM (API model CustomerMasterKeySpec).
    throw new ValidationException(
      `1 validation error detected: Value '${req.CustomerMasterKeySpec}' at 'customerMasterKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [${CUSTOMER_MASTER_KEY_SPECS.join(', ')}]`,
    );
  }
  if (req.Policy !== undefined) assertPolicyCharacters(req.Policy);
  if (req.KeySpec !== undefined && req.CustomerMasterKeySpec !== undefined) {
    // Refused even when both name the same spec; CustomerMasterKeySpec is deprecated (CreateKey, CustomerMasterKeySpec).
    throw new ValidationException('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  const spec: KeySpec = req.KeySpec ?? req.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const entry = CATALOGUE[spec];
  if (!entry.offered) throw new UnsupportedOperationException(entry.notOfferedReason ?? `KeySpec ${spec} is not offered in this Region.`);
  const usage = checkKeyUsage(spec, req.KeyUsage);
  if (req.Policy !== undefined) validatePolicyText(req.Policy);
  const tags = validateTags(req.Tags ?? [], []);
  if (req.Origin && req.Origin !== 'AWS_KMS') {
    throw new UnsupportedOperationException(`Origin ${req.Origin} is not supported by this version of Keyward yet. Use AWS_KMS.`);
  }
  if (req.MultiRegion) throw new UnsupportedOperationException('Multi-Region keys are not supported: a Keyward vault is one Region.');
  // AWS documents the quota, not the sentence: ours names it.
  if (state.keys.size >= MAX_KEYS) throw new LimitExceededException(`The request would exceed the quota of ${MAX_KEYS} KMS keys in this account and Region.`);
  ctx.assertCryptoReady();
  return { spec, usage, tags };
}

/**
 * The key usage CreateKey gives a key of `spec`, or ValidationException in AWS's words: a key
 * other than a symmetric encryption key needs an explicit KeyUsage (recorded AWS answer for an
 * HMAC key); a symmetric encryption key takes only ENCRYPT_DECRYPT (recorded AWS answer,
 * https://github.com/aws/aws-sdk-go-v2/issues/1426); another pair is "KeyUsage X is not compatible
 * with KeySpec Y" (recorded AWS answer, localstack test_kms.snapshot.json, test_derive_shared_secret).
 */
function checkKeyUsage(spec: KeySpec, requested: KeyUsage | undefined): KeyUsage {
  if (requested === undefined) {
    if (spec === 'SYMMETRIC_DEFAULT') return 'ENCRYPT_DECRYPT';
    throw new ValidationException('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  if (usageEntry(spec, requested)) return requested;
  if (spec === 'SYMMETRIC_DEFAULT') {
    throw new ValidationException(
      `The operation failed because the KeyUsage value of the CMK is ${requested}. To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT.`,
    );
  }
  throw new ValidationException(`KeyUsage ${requested} is not compatible with KeySpec ${spec}`);
}

/** DescribeKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html; throws that page's exceptions. */
export function describeKey(ctx: EngineContext, req: KmsRequest<'DescribeKey'>): KmsResponse<'DescribeKey'> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: true });
  return { KeyMetadata: toKeyMetadata(ctx.state, key) };
}

/** ListKeys: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html; throws that page's exceptions. */
export function listKeys(ctx: EngineContext, req: KmsRequest<'ListKeys'>): KmsResponse<'ListKeys'> {
  // The ids are kept sorted as keys come and go (tracked.ts): a page costs its own size.
  const page = paginateSorted([ctx.state.keys.sorted()], req.Limit ?? LIMITS.listKeysLimitDefault, req.Marker);
  return {
    Keys: page.items.map((id) => ({ KeyId: id, KeyArn: keyArn(ctx.state, id) })),
    Truncated: page.Truncated,
    ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
  };
}

/** UpdateKeyDescription: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html; throws that page's exceptions. */
export async function updateKeyDescription(ctx: EngineContext, req: KmsRequest<'UpdateKeyDescription'>): Promise<KmsResponse<'UpdateKeyDescription'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertNotPendingDeletion(ctx.state, key);
  ctx.state.keys.edit(key.keyId);
  key.description = req.Description;
  await ctx.commit();
  return {};
}

/** EnableKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html; throws that page's exceptions. */
export async function enableKey(ctx: EngineContext, req: KmsRequest<'EnableKey'>): Promise<KmsResponse<'EnableKey'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertEnableDisableAllowed(ctx.state, key);
  if (key.state === 'Enabled') return {}; // idempotent, as in KMS
  ctx.state.keys.edit(key.keyId);
  key.state = 'Enabled';
  // Nothing rotates while a key is disabled; a rotation that fell due meanwhile runs next.
  const now = ctx.clock.now().getTime();
  if (key.rotation.enabled && key.rotation.nextRotation !== undefined && key.rotation.nextRotation < now) {
    key.rotation.nextRotation = now;
  }
  await ctx.commit();
  return {};
}

/** DisableKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html; throws that page's exceptions. */
export async function disableKey(ctx: EngineContext, req: KmsRequest<'DisableKey'>): Promise<KmsResponse<'DisableKey'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertEnableDisableAllowed(ctx.state, key);
  if (key.state === 'Disabled') return {};
  ctx.state.keys.edit(key.keyId);
  key.state = 'Disabled';
  await ctx.commit();
  return {};
}

/** ScheduleKeyDeletion: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html; throws that page's exceptions. */
export async function scheduleKeyDeletion(ctx: EngineContext, req: KmsRequest<'ScheduleKeyDeletion'>): Promise<KmsResponse<'ScheduleKeyDeletion'>> {
  const { state } = ctx;
  const key = resolveKey(state, req.KeyId, { allowAlias: false });
  assertNotPendingDeletion(state, key);
  const days = req.PendingWindowInDays ?? LIMITS.pendingWindowDefault;
  const now = ctx.clock.now().getTime();
  state.keys.edit(key.keyId);
  key.state = 'PendingDeletion';
  key.deletionDate = now + days * DAY_MS;
  key.pendingWindowInDays = days;
  key.pendingDeletionSince = now;
  await ctx.commit();
  return { KeyId: keyArn(state, key.keyId), DeletionDate: new Date(key.deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days };
}

/** CancelKeyDeletion: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html; throws that page's exceptions. */
export async function cancelKeyDeletion(ctx: EngineContext, req: KmsRequest<'CancelKeyDeletion'>): Promise<KmsResponse<'CancelKeyDeletion'>> {
  const { state } = ctx;
  const key = resolveKey(state, req.KeyId, { allowAlias: false });
  if (key.state !== 'PendingDeletion') throw new KMSInvalidStateException(`${keyArn(state, key.keyId)} is not pending deletion.`);
  // KMS: a cancelled deletion leaves the key Disabled (https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html).
  state.keys.edit(key.keyId);
  key.state = 'Disabled';
  delete key.deletionDate;
  delete key.pendingWindowInDays;
  delete key.pendingDeletionSince;
  await ctx.commit();
  return { KeyId: keyArn(state, key.keyId) };
}

/**
 * The end of a deletion window: erase the material (zeroed at commit), the key and its aliases,
 * keeping only what cost proration needs. Later calls get NotFoundException.
 */
export function eraseKey(ctx: EngineContext, key: KeyRecord): void {
  const { state } = ctx;
  const now = ctx.clock.now().getTime();
  // Cost estimates look back one month at most; older tombstones are dropped.
  state.deletedKeys = state.deletedKeys.filter((d) => d.deletedAt > now - 62 * DAY_MS);
  state.deletedKeys.push({
    keyId: key.keyId,
    creationDate: key.creationDate,
    pendingDeletionSince: key.pendingDeletionSince ?? now,
    deletedAt: now,
    rotationDates: key.materials.filter((m) => m.rotationType).map((m) => m.createdAt),
  });
  // The material is zeroed when the change is committed (change-set.ts), so an undone
  // deletion gets it back intact.
  state.keys.delete(key.keyId);
  for (const [name, alias] of state.aliases) if (alias.targetKeyId === key.keyId) state.aliases.delete(name);
}
