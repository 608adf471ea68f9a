/** The key pickers' row model, built from the console's Keys list, and its pure search/filter/sort. */
import type { ConsoleKeyRow } from '../../src-shared/console';
import { algorithmsFor } from '../../src-shared/kms/catalogue';
import type { KeyState, KeyUsage } from '../../src-shared/kms/enums';
import type { KeyMetadata, KmsResponses, Tag } from '../../src-shared/kms/types';

export type RotationStatus = KmsResponses['GetKeyRotationStatus'];

export interface KeyRow {
  meta: KeyMetadata;
  aliases: string[];
  /** undefined when the key does not support rotation or the status could not be read. */
  rotation?: RotationStatus;
  tags: Tag[];
}

export interface KeyFilters {
  search: string;
  /** A KeyState, or null for all. */
  state: KeyState | null;
}

/**
 * A picker row from a console:listKeys row: KeyMetadata as DescribeKey gives it (the account
 * from the ARN, arn:aws:kms:<region>:<account>:key/<id>; the algorithm lists the key's spec and
 * usage allow, as the engine's KeyMetadata lists them), and the rotation status as
 * GetKeyRotationStatus gives it where rotation applies.
 */
export function keyRowOf(row: ConsoleKeyRow): KeyRow {
  const meta: KeyMetadata = {
    AWSAccountId: row.Arn.split(':')[4] ?? '',
    KeyId: row.KeyId,
    Arn: row.Arn,
    CreationDate: row.CreationDate,
    Enabled: row.KeyState === 'Enabled',
    Description: row.Description,
    KeyUsage: row.KeyUsage,
    KeyState: row.KeyState,
    Origin: row.Origin,
    KeyManager: row.KeyManager,
    KeySpec: row.KeySpec,
    MultiRegion: false,
    ...algorithmsFor(row.KeySpec, row.KeyUsage),
  };
  if (row.DeletionDate) meta.DeletionDate = row.DeletionDate;
  const out: KeyRow = { meta, aliases: row.Aliases, tags: row.Tags };
  if (row.Rotation !== 'NOT_SUPPORTED') {
    out.rotation = { KeyId: row.Arn, KeyRotationEnabled: row.Rotation === 'ENABLED' };
    if (row.RotationPeriodInDays !== undefined) out.rotation.RotationPeriodInDays = row.RotationPeriodInDays;
    if (row.NextRotationDate) out.rotation.NextRotationDate = row.NextRotationDate;
  }
  return out;
}

/** Case-insensitive match on alias, key id, ARN, description, tag key or tag value. */
export function matchesSearch(row: KeyRow, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return true;
  const haystack = [
    row.meta.KeyId, row.meta.Arn, row.meta.Description, ...row.aliases,
    ...row.tags.flatMap((t) => [t.TagKey, t.TagValue, `${t.TagKey}=${t.TagValue}`]),
  ];
  return haystack.some((s) => s.toLowerCase().includes(q));
}

/** Newest first: what an admin just created is at the top. */
export function filterKeys(rows: readonly KeyRow[], filters: KeyFilters): KeyRow[] {
  return rows
    .filter((r) => (filters.state === null || r.meta.KeyState === filters.state) && matchesSearch(r, filters.search))
    .sort((a, b) => b.meta.CreationDate.getTime() - a.meta.CreationDate.getTime());
}

/** Primary label: first alias (sorted), else the key id. */
export function displayName(row: Pick<KeyRow, 'aliases' | 'meta'>): string {
  return row.aliases[0] ?? row.meta.KeyId;
}

/** Which keys a picker offers, by metadata (usage, spec). */
export type KeyFilter = (meta: KeyMetadata) => boolean;

/** Symmetric encryption keys: data keys, data key pairs, encryption context. */
export const symmetricEncryptionKeys: KeyFilter = (m) => m.KeyUsage === 'ENCRYPT_DECRYPT' && m.KeySpec === 'SYMMETRIC_DEFAULT';
/** Any key for Encrypt/Decrypt: symmetric or RSA ENCRYPT_DECRYPT. */
export const encryptionKeys: KeyFilter = (m) => m.KeyUsage === 'ENCRYPT_DECRYPT';
export const usageKeys = (usage: KeyUsage): KeyFilter => (m) => m.KeyUsage === usage;

/**
 * Keys usable for cryptographic operations that pass `accept` (a Disabled key is listed so
 * its error is visible). Defaults to symmetric encryption keys.
 */
export function operableKeyOptions(
  rows: readonly KeyRow[],
  accept: KeyFilter = symmetricEncryptionKeys,
): { group: string; items: { value: string; label: string }[] }[] {
  const usable = rows.filter((r) => (r.meta.KeyState === 'Enabled' || r.meta.KeyState === 'Disabled') && accept(r.meta));
  const suffix = (r: KeyRow): string => (r.meta.KeyState === 'Disabled' ? ' (disabled)' : '');
  const aliases = usable
    .flatMap((r) => r.aliases.map((a) => ({ value: a, label: `${a}${suffix(r)}` })))
    .sort((a, b) => a.value.localeCompare(b.value));
  const ids = usable.map((r) => ({
    value: r.meta.KeyId,
    label: `${r.meta.KeyId}${r.aliases[0] ? ` · ${r.aliases[0]}` : ''}${suffix(r)}`,
  }));
  return [
    ...(aliases.length ? [{ group: 'Aliases', items: aliases }] : []),
    ...(ids.length ? [{ group: 'Key IDs', items: ids }] : []),
  ];
}

/** The row a picker value (alias name or key id) stands for. */
export function findKeyRow(rows: readonly KeyRow[], value: string | null): KeyRow | undefined {
  if (!value) return undefined;
  return rows.find((r) => r.meta.KeyId === value || r.meta.Arn === value || r.aliases.includes(value));
}
