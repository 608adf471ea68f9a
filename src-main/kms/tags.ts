/** TagResource, UntagResource, ListResourceTags (https://docs.aws.amazon.com/kms/latest/APIReference/API_Tag.html: key 1–128, value 0–256, no aws: prefix). */
import { LIMITS } from '../../src-shared/kms/enums.js';
import { TagException } from '../../src-shared/kms/errors.js';
import type { KmsRequest, Tag } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import type { EngineContext } from './context.js';
import { resolveKey } from './identifiers.js';
import { assertNotPendingDeletion } from './key-rules.js';
import { paginate } from './paging.js';

/** Merge `incoming` into `existing` (same key overwrites), enforcing KMS's tag rules. */
export function validateTags(incoming: Tag[], existing: Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const t of incoming) {
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw new TagException(`Tag key '${t.TagKey}' uses the reserved prefix 'aws:'.`);
    if (seen.has(t.TagKey)) throw new TagException(`Tag key '${t.TagKey}' appears more than once in the request.`);
    seen.add(t.TagKey);
  }
  const merged = new Map(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const t of incoming) merged.set(t.TagKey, t.TagValue);
  if (merged.size > LIMITS.tagsPerKey) throw new TagException(`A key can have at most ${LIMITS.tagsPerKey} tags; this request would give it ${merged.size}.`);
  return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

/** TagResource: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html; throws that page's exceptions. */
export async function tagResource(ctx: EngineContext, req: KmsRequest<'TagResource'>): Promise<KmsResponse<'TagResource'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertNotPendingDeletion(ctx.state, key);
  key.tags = validateTags(req.Tags, key.tags);
  await ctx.commit();
  return {};
}

/** UntagResource: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html; throws that page's exceptions. */
export async function untagResource(ctx: EngineContext, req: KmsRequest<'UntagResource'>): Promise<KmsResponse<'UntagResource'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertNotPendingDeletion(ctx.state, key);
  const drop = new Set(req.TagKeys);
  key.tags = key.tags.filter((t) => !drop.has(t.TagKey));
  await ctx.commit();
  return {};
}

/** ListResourceTags: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html; throws that page's exceptions. */
export function listResourceTags(ctx: EngineContext, req: KmsRequest<'ListResourceTags'>): KmsResponse<'ListResourceTags'> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  const sorted = [...key.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
  const page = paginate(sorted, (t) => t.TagKey, req.Limit ?? LIMITS.listTagsLimitDefault, req.Marker);
  return { Tags: page.items, Truncated: page.Truncated, ...(page.NextMarker ? { NextMarker: page.NextMarker } : {}) };
}
