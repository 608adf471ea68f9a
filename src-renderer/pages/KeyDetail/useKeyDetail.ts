/**
 * Everything the key detail page shows, loaded in one go: DescribeKey, then the key's aliases,
 * tags, rotation status and history, and this month's cost estimate. Lists are read through
 * the paginator (all pages). A failed side list shows as empty (its call already notified).
 */
import { useCallback, useEffect, useState } from 'react';
import type { KeyCost } from '../../../src-shared/app';
import type { KeyMetadata, RotationListEntry, Tag } from '../../../src-shared/kms/types';
import { call } from '../../api/call';
import { collect, kmsPages } from '../../api/paginate';
import type { RotationStatus } from '../../lib/keys';
import { listAllAliases, listAllTags, rotationStatusOf } from '../../stores/keysSlice';

/** One key as the detail page shows it. */
export interface Detail {
  meta: KeyMetadata;
  /** Alias names, sorted. */
  aliases: string[];
  tags: Tag[];
  /** Absent where rotation does not apply (not a symmetric AWS_KMS key). */
  rotation?: RotationStatus;
  /** Key material history (ListKeyRotations with ALL_KEY_MATERIAL); symmetric keys only. */
  rotations: RotationListEntry[];
  /** null: no charges this month; absent: the estimate failed. */
  cost?: KeyCost | null;
}

/** What each section of the page receives: the key, and a callback after it changed something. */
export interface SectionProps {
  detail: Detail;
  onChanged(): void;
}

/** Every key material version of a key (ListKeyRotations, all pages). */
export async function listAllRotations(keyId: string): Promise<RotationListEntry[]> {
  return collect(kmsPages('kms:ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 100 }), (page) => page.Rotations);
}

/** Load one key's detail. Throws what DescribeKey throws (e.g. NotFoundException). */
export async function loadDetail(keyId: string): Promise<Detail> {
  const { KeyMetadata: meta } = await call('kms:DescribeKey', { KeyId: keyId });
  const id = meta.KeyId;
  const [aliases, tags, rotation, rotations, cost] = await Promise.all([
    listAllAliases(id).then((a) => a.map((x) => x.AliasName).sort()).catch((): string[] => []),
    listAllTags(id).catch((): Tag[] => []),
    rotationStatusOf(meta),
    meta.KeySpec === 'SYMMETRIC_DEFAULT' ? listAllRotations(id).catch((): RotationListEntry[] => []) : Promise.resolve([]),
    call('cost:estimate', {}).then((c) => c.Keys.find((k) => k.KeyId === id) ?? null).catch(() => undefined),
  ]);
  return { meta, aliases, tags, rotations, ...(rotation ? { rotation } : {}), ...(cost === undefined ? {} : { cost }) };
}

export type DetailStatus = 'loading' | 'ready' | 'missing';

/**
 * The detail of `keyId` and its loading state: 'loading' until the first answer, 'missing'
 * when DescribeKey failed before anything loaded. A failed reload keeps what was shown.
 */
export function useKeyDetail(keyId: string): { detail: Detail | null; status: DetailStatus; reload(): Promise<void> } {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [status, setStatus] = useState<DetailStatus>('loading');

  const reload = useCallback(async () => {
    try {
      setDetail(await loadDetail(keyId));
      setStatus('ready');
    } catch {
      setStatus((s) => (s === 'ready' ? s : 'missing'));
    }
  }, [keyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { detail, status, reload };
}
