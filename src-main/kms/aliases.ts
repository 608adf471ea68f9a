/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html and siblings). */
import { LIMITS } from '../../src-shared/kms/enums.js';
import {
  AlreadyExistsException, InvalidAliasNameException, LimitExceededException, NotAuthorizedException,
  NotFoundException, ValidationException,
} from '../../src-shared/kms/errors.js';
import type { KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { unassociatedPredefinedAliases } from './aws-managed.js';
import type { EngineContext } from './context.js';
import { aliasArn, resolveKey } from './identifiers.js';
import { assertNotPendingDeletion } from './key-rules.js';
import type { AliasRecord, KeyRecord } from './model.js';
import { paginate } from './paging.js';

function checkAliasName(name: string): void {
  if (!name.startsWith('alias/') || name.length === 'alias/'.length) {
    throw new InvalidAliasNameException(`Alias name '${name}' must begin with 'alias/' followed by a name, such as alias/ExampleAlias.`);
  }
  if (name.startsWith('alias/aws/')) {
    throw new NotAuthorizedException(`Alias names that begin with 'alias/aws/' are reserved for AWS managed keys.`);
  }
}

function keyClass(key: KeyRecord): string {
  const type = key.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : key.keySpec.startsWith('HMAC') ? 'HMAC' : 'asymmetric';
  return `${type} ${key.keyUsage}`;
}

/** CreateAlias: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html; throws that page's exceptions. */
export async function createAlias(ctx: EngineContext, req: KmsRequest<'CreateAlias'>): Promise<KmsResponse<'CreateAlias'>> {
  const { state } = ctx;
  checkAliasName(req.AliasName);
  const key = resolveKey(state, req.TargetKeyId, { allowAlias: false });
  if (state.aliases.has(req.AliasName)) {
    throw new AlreadyExistsException(`An alias with the name ${aliasArn(state, req.AliasName)} already exists`);
  }
  assertNotPendingDeletion(state, key);
  const count = [...state.aliases.values()].filter((a) => a.targetKeyId === key.keyId).length;
  if (count >= LIMITS.aliasesPerKey) throw new LimitExceededException(`A key can have at most ${LIMITS.aliasesPerKey} aliases.`);
  const now = ctx.clock.now().getTime();
  state.aliases.set(req.AliasName, { aliasName: req.AliasName, targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
  await ctx.commit();
  return {};
}

/** UpdateAlias: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html; throws that page's exceptions. */
export async function updateAlias(ctx: EngineContext, req: KmsRequest<'UpdateAlias'>): Promise<KmsResponse<'UpdateAlias'>> {
  const { state } = ctx;
  checkAliasName(req.AliasName);
  const alias = state.aliases.get(req.AliasName);
  if (!alias) throw new NotFoundException(`Alias ${aliasArn(state, req.AliasName)} is not found.`);
  const target = resolveKey(state, req.TargetKeyId, { allowAlias: false });
  assertNotPendingDeletion(state, target);
  const current = state.keys.get(alias.targetKeyId);
  // KMS: the new target must be the same type (symmetric, asymmetric, HMAC) and usage.
  if (current && keyClass(current) !== keyClass(target)) {
    throw new ValidationException(`Alias ${req.AliasName} points to a ${keyClass(current)} key; it cannot point to a ${keyClass(target)} key.`);
  }
  alias.targetKeyId = target.keyId;
  alias.lastUpdatedDate = ctx.clock.now().getTime();
  await ctx.commit();
  return {};
}

/** DeleteAlias: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html; throws that page's exceptions. */
export async function deleteAlias(ctx: EngineContext, req: KmsRequest<'DeleteAlias'>): Promise<KmsResponse<'DeleteAlias'>> {
  const { state } = ctx;
  checkAliasName(req.AliasName);
  if (!state.aliases.delete(req.AliasName)) throw new NotFoundException(`Alias ${aliasArn(state, req.AliasName)} is not found.`);
  await ctx.commit();
  return {};
}

/** ListAliases: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html; throws that page's exceptions. */
export function listAliases(ctx: EngineContext, req: KmsRequest<'ListAliases'>): KmsResponse<'ListAliases'> {
  const { state } = ctx;
  const keyId = req.KeyId === undefined ? undefined : resolveKey(state, req.KeyId, { allowAlias: false }).keyId;
  // Predefined aliases whose AWS managed key does not exist yet have no target (aws-managed.ts).
  const predefined = keyId === undefined ? unassociatedPredefinedAliases(state).map((p) => ({ aliasName: p.aliasName })) : [];
  const all: (AliasRecord | { aliasName: string })[] = [...[...state.aliases.values()].filter((a) => keyId === undefined || a.targetKeyId === keyId), ...predefined]
    .sort((a, b) => (a.aliasName < b.aliasName ? -1 : a.aliasName > b.aliasName ? 1 : 0));
  const page = paginate(all, (a) => a.aliasName, req.Limit ?? LIMITS.listAliasesLimitDefault, req.Marker);
  return {
    Aliases: page.items.map((a) => ({
      AliasName: a.aliasName,
      AliasArn: aliasArn(state, a.aliasName),
      ...('targetKeyId' in a ? { TargetKeyId: a.targetKeyId, CreationDate: new Date(a.creationDate), LastUpdatedDate: new Date(a.lastUpdatedDate) } : {}),
    })),
    Truncated: page.Truncated,
    ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}),
  };
}

/** Aliases that name a key, for the UI and audit. */
export function aliasesOf(ctx: EngineContext, keyId: string): string[] {
  return [...ctx.state.aliases.values()].filter((a) => a.targetKeyId === keyId).map((a) => a.aliasName).sort();
}
