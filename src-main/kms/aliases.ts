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
import { aliasArn, keyArn, resolveKey } from './identifiers.js';
import { assertNotPendingDeletion } from './key-rules.js';
import type { AliasRecord, KeyRecord } from './model.js';
import { paginateSorted } from './paging.js';

/** The alias prefix AWS reserves for AWS managed keys (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html#KMS-CreateAlias-request-AliasName). */
const RESERVED_PREFIX = 'alias/aws/';

/**
 * The alias-name rules, in AWS's order and words:
 * - a name without `alias/` is ValidationException (recorded AWS answer, localstack
 *   test_kms.snapshot.json, test_create_alias), before any other alias check;
 * - `alias/aws/...` is NotAuthorizedException with an empty message (reserved for AWS managed
 *   keys; the empty message follows the local-kms and moto emulators, AWS's text is not recorded);
 * - only letters, digits, `/`, `_` and `-` after `alias/`, although the model's pattern allows
 *   `:`: `alias/Service:Test contains invalid characters for an alias` (recorded AWS answer,
 *   https://github.com/hashicorp/terraform-provider-aws/issues/12891). Other characters fail the
 *   model pattern before the engine runs;
 * - `alias/` alone: InvalidAliasNameException (our choice of sentence, the exception's documented meaning).
 * The last two apply to CreateAlias; UpdateAlias and DeleteAlias answer other names NotFoundException.
 */
function checkAliasName(name: string, opts: { creating: boolean }): void {
  if (!name.startsWith('alias/')) {
    throw new ValidationException('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (name.startsWith(RESERVED_PREFIX)) throw new NotAuthorizedException('');
  // Update/DeleteAlias name an existing alias: any other name is simply not found.
  if (!opts.creating) return;
  if (!/^alias\/[a-zA-Z0-9/_-]*$/.test(name)) throw new ValidationException(`${name} contains invalid characters for an alias`);
  if (name.length === 'alias/'.length) throw new InvalidAliasNameException('The specified alias name is not valid.');
}

/** The key type UpdateAlias keeps an alias within. */
function keyClass(key: KeyRecord): string {
  return key.keySpec === 'SYMMETRIC_DEFAULT' ? 'SYMMETRIC' : key.keySpec.startsWith('HMAC') ? 'HMAC' : 'ASYMMETRIC';
}

/** CreateAlias: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html; throws that page's exceptions. */
export async function createAlias(ctx: EngineContext, req: KmsRequest<'CreateAlias'>): Promise<KmsResponse<'CreateAlias'>> {
  const { state } = ctx;
  checkAliasName(req.AliasName, { creating: true });
  const key = resolveKey(state, req.TargetKeyId, { allowAlias: false });
  if (state.aliases.has(req.AliasName)) {
    throw new AlreadyExistsException(`An alias with the name ${aliasArn(state, req.AliasName)} already exists`);
  }
  assertNotPendingDeletion(state, key);
  const count = [...state.aliases.values()].filter((a) => a.targetKeyId === key.keyId).length;
  // Aliases per KMS key: 50 (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#aliases-per-key); AWS's sentence is not recorded, ours names the quota.
  if (count >= LIMITS.aliasesPerKey) {
    throw new LimitExceededException(`The request would exceed the quota of ${LIMITS.aliasesPerKey} aliases for ${keyArn(state, key.keyId)}.`);
  }
  const now = ctx.clock.now().getTime();
  state.aliases.set(req.AliasName, { aliasName: req.AliasName, targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
  await ctx.commit();
  return {};
}

/** UpdateAlias: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html; throws that page's exceptions. */
export async function updateAlias(ctx: EngineContext, req: KmsRequest<'UpdateAlias'>): Promise<KmsResponse<'UpdateAlias'>> {
  const { state } = ctx;
  checkAliasName(req.AliasName, { creating: false });
  const alias = state.aliases.get(req.AliasName);
  if (!alias) throw new NotFoundException(`Alias ${aliasArn(state, req.AliasName)} is not found.`);
  const target = resolveKey(state, req.TargetKeyId, { allowAlias: false });
  assertNotPendingDeletion(state, target);
  const current = state.keys.get(alias.targetKeyId);
  // KMS: the new target must have the same key usage and type (UpdateAlias, TargetKeyId). The
  // usage sentence follows the local-kms emulator; the type sentence is ours in the same form.
  if (current && current.keyUsage !== target.keyUsage) {
    throw new ValidationException(
      `Alias ${req.AliasName} cannot be changed from a CMK with key usage ${current.keyUsage} to a CMK with key usage ${target.keyUsage}. The key usage of the current CMK and the new CMK must be the same.`,
    );
  }
  if (current && keyClass(current) !== keyClass(target)) {
    throw new ValidationException(
      `Alias ${req.AliasName} cannot be changed from a CMK with key type ${keyClass(current)} to a CMK with key type ${keyClass(target)}. The key type of the current CMK and the new CMK must be the same.`,
    );
  }
  state.aliases.edit(req.AliasName);
  alias.targetKeyId = target.keyId;
  alias.lastUpdatedDate = ctx.clock.now().getTime();
  await ctx.commit();
  return {};
}

/** DeleteAlias: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html; throws that page's exceptions. */
export async function deleteAlias(ctx: EngineContext, req: KmsRequest<'DeleteAlias'>): Promise<KmsResponse<'DeleteAlias'>> {
  const { state } = ctx;
  checkAliasName(req.AliasName, { creating: false });
  if (!state.aliases.delete(req.AliasName)) throw new NotFoundException(`Alias ${aliasArn(state, req.AliasName)} is not found.`);
  await ctx.commit();
  return {};
}

/** ListAliases: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html; throws that page's exceptions. */
export function listAliases(ctx: EngineContext, req: KmsRequest<'ListAliases'>): KmsResponse<'ListAliases'> {
  const { state } = ctx;
  const keyId = req.KeyId === undefined ? undefined : resolveKey(state, req.KeyId, { allowAlias: false }).keyId;
  const limit = req.Limit ?? LIMITS.listAliasesLimitDefault;
  // Without KeyId: the sorted alias names (kept sorted, tracked.ts) merged with the predefined
  // aliases that have no key yet (aws-managed.ts), by binary search: a page costs its own size.
  // With KeyId: that key's aliases (at most 50, https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#aliases-per-key).
  const names = keyId === undefined
    ? paginateSorted([state.aliases.sorted(), unassociatedPredefinedAliases(state).map((p) => p.aliasName).sort()], limit, req.Marker)
    : paginateSorted([aliasesOf(ctx, keyId)], limit, req.Marker);
  const page = { ...names, items: names.items.map((n): AliasRecord | { aliasName: string } => state.aliases.get(n) ?? { aliasName: n }) };
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
