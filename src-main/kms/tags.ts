/** TagResource, UntagResource, ListResourceTags (https://docs.aws.amazon.com/kms/latest/APIReference/API_Tag.html: key 1–128, value 0–256, no aws: prefix). */
import { LIMITS } from '../../src-shared/kms/enums.js';
import { TagException } from '../../src-shared/kms/errors.js';
import type { KmsRequest, Tag } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import type { EngineContext } from './context.js';
import { resolveKey } from './identifiers.js';
import { assertNotPendingDeletion } from './key-rules.js';
import { paginate } from './paging.js';

/**
 * Merge `incoming` into `existing` (same key overwrites), enforcing KMS's tag rules with AWS's
 * TagException sentences (recorded AWS answers, localstack tests/aws/services/kms/test_kms.snapshot.json):
 * a key given twice is `Duplicate tag keys`; more than 50 tags on the key is `Too many tags`
 * (https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html; AWS's answer is
 * recorded for CreateKey, and we give TagResource the same when the merged set would pass 50);
 * an `aws:` prefix in any case is `Tags beginning with aws: are reserved`. Lengths are model
 * constraints, refused before the engine runs.
 */
export function validateTags(incoming: Tag[], existing: Tag[]): Tag[] {
  if (new Set(incoming.map((t) => t.TagKey)).size < incoming.length) throw new TagException('Duplicate tag keys');
  const merged = new Map(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const t of incoming) merged.set(t.TagKey, t.TagValue);
  if (merged.size > LIMITS.tagsPerKey) throw new TagException('Too many tags');
  if (incoming.some((t) => t.TagKey.toLowerCase().startsWith('aws:'))) throw new TagException('Tags beginning with aws: are reserved');
  return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

/** TagResource: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html; throws that page's exceptions. */
export async function tagResource(ctx: EngineContext, req: KmsRequest<'TagResource'>): Promise<KmsResponse<'TagResource'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertNotPendingDeletion(ctx.state, key);
  const tags = validateTags(req.Tags, key.tags);
  ctx.state.keys.edit(key.keyId);
  key.tags = tags;
  await ctx.commit();
  return {};
}

/** UntagResource: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html; throws that page's exceptions. */
export async function untagResource(ctx: EngineContext, req: KmsRequest<'UntagResource'>): Promise<KmsResponse<'UntagResource'>> {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: false });
  assertNotPendingDeletion(ctx.state, key);
  const drop = new Set(req.TagKeys);
  ctx.state.keys.edit(key.keyId);
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
