/**
 * The console's Keys list over the in-memory model: filter, sort and page in one pass, so a
 * view of the list costs one call whatever the number of keys. Cost per call: one walk over
 * the keys and aliases (O(keys + aliases)), a sort of the matches (O(m log m)), and rows built
 * for the page only. Rows carry metadata, aliases and tags; never material or policy text.
 */
import type {
  ConsoleKeyPage, ConsoleKeyRow, ConsoleListKeysRequest, KeyListSortField, KeyManagerListed, RotationFilter,
} from '../../src-shared/console.js';
import { KEY_LIST_DEFAULT_LIMIT } from '../../src-shared/console.js';
import { keyArn } from './identifiers.js';
import type { KeyRecord, VaultState } from './model.js';

/**
 * A key's rotation as GetKeyRotationStatus reports it: NOT_SUPPORTED unless symmetric with
 * AWS_KMS material and not pending import; DISABLED while pending deletion, whatever is stored
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html).
 */
export function rotationOf(key: KeyRecord): RotationFilter {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.origin !== 'AWS_KMS' || key.state === 'PendingImport') return 'NOT_SUPPORTED';
  const pendingDeletion = key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion';
  return key.rotation.enabled && !pendingDeletion ? 'ENABLED' : 'DISABLED';
}

function managerOf(key: KeyRecord): KeyManagerListed {
  return key.keyManager === 'AWS' ? 'AWS' : 'CUSTOMER';
}

/** Alias names by target key id, each list sorted. */
function aliasesByKey(state: VaultState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of state.aliases.values()) {
    const list = out.get(a.targetKeyId);
    if (list) list.push(a.aliasName);
    else out.set(a.targetKeyId, [a.aliasName]);
  }
  for (const list of out.values()) if (list.length > 1) list.sort();
  return out;
}

/** A key's searchable text (ARN, description, tags as key, value and key=value), lowercased, with what it was built from. */
interface SearchText {
  arnPrefix: string;
  description: string;
  tags: KeyRecord['tags'];
  tagCount: number;
  text: string;
}

/**
 * Built once per key and reused while its description, tags and the account/Region stay the
 * same (the mutation sites assign new strings and tag arrays; the count guards an in-place push),
 * so a keystroke's search costs one `includes` per key.
 */
const searchTexts = new WeakMap<KeyRecord, SearchText>();

function searchTextOf(key: KeyRecord, arnPrefix: string): string {
  const cached = searchTexts.get(key);
  if (cached && cached.arnPrefix === arnPrefix && cached.description === key.description && cached.tags === key.tags && cached.tagCount === key.tags.length) {
    return cached.text;
  }
  const parts = [arnPrefix + key.keyId, key.description];
  for (const t of key.tags) parts.push(t.TagKey, t.TagValue, `${t.TagKey}=${t.TagValue}`);
  const text = parts.join('\n').toLowerCase();
  searchTexts.set(key, { arnPrefix, description: key.description, tags: key.tags, tagCount: key.tags.length, text });
  return text;
}

/** Ids of keys that have an alias containing `q` (lowercase). */
function keysWithAliasMatching(state: VaultState, q: string): Set<string> {
  const out = new Set<string>();
  for (const a of state.aliases.values()) if (a.aliasName.toLowerCase().includes(q)) out.add(a.targetKeyId);
  return out;
}

/** A candidate row: the key and what sorting and the row need, computed once. */
interface Match {
  key: KeyRecord;
  aliases: string[];
  rotation: RotationFilter;
}

/** Code-unit order (as ListAliases sorts), so the order is the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ROTATION_ORDER: Record<RotationFilter, number> = { ENABLED: 0, DISABLED: 1, NOT_SUPPORTED: 2 };

/** The comparator for a column, ascending; keys without an alias sort after those with one in either order. */
function comparator(by: KeyListSortField, desc: boolean): (a: Match, b: Match) => number {
  const sign = desc ? -1 : 1;
  const tie = (a: Match, b: Match) => cmp(a.key.keyId, b.key.keyId);
  const column = (f: (a: Match, b: Match) => number) => (a: Match, b: Match) => sign * f(a, b) || tie(a, b);
  switch (by) {
    case 'alias':
      return (a, b) => {
        const x = a.aliases[0];
        const y = b.aliases[0];
        if (x === undefined || y === undefined) return x === y ? tie(a, b) : x === undefined ? 1 : -1;
        return sign * cmp(x, y) || tie(a, b);
      };
    case 'keyId':
      return (a, b) => sign * cmp(a.key.keyId, b.key.keyId);
    case 'description':
      return column((a, b) => cmp(a.key.description, b.key.description));
    case 'keyState':
      return column((a, b) => cmp(a.key.state, b.key.state));
    case 'keySpec':
      return column((a, b) => cmp(a.key.keySpec, b.key.keySpec));
    case 'keyUsage':
      return column((a, b) => cmp(a.key.keyUsage, b.key.keyUsage));
    case 'creationDate':
      return column((a, b) => a.key.creationDate - b.key.creationDate);
    case 'rotation':
      return column((a, b) => ROTATION_ORDER[a.rotation] - ROTATION_ORDER[b.rotation]
        || (a.key.rotation.nextRotation ?? Infinity) - (b.key.rotation.nextRotation ?? Infinity));
    case 'keyManager':
      return column((a, b) => cmp(managerOf(a.key), managerOf(b.key)));
  }
}

function rowOf(state: VaultState, m: Match): ConsoleKeyRow {
  const { key } = m;
  const row: ConsoleKeyRow = {
    KeyId: key.keyId,
    Arn: keyArn(state, key.keyId),
    Aliases: m.aliases,
    Description: key.description,
    KeyState: key.state,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    Origin: key.origin,
    KeyManager: managerOf(key),
    CreationDate: new Date(key.creationDate),
    Rotation: m.rotation,
    Tags: key.tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
  };
  if (key.state === 'PendingDeletion' && key.deletionDate !== undefined) row.DeletionDate = new Date(key.deletionDate);
  if (m.rotation === 'ENABLED') {
    row.RotationPeriodInDays = key.rotation.periodDays;
    if (key.rotation.nextRotation !== undefined) row.NextRotationDate = new Date(key.rotation.nextRotation);
  }
  return row;
}

const inList = <T>(list: readonly T[] | undefined, v: T): boolean => list === undefined || list.length === 0 || list.includes(v);

/**
 * One page of the Keys list for `req` (src-shared/console.ts describes each member). Defaults:
 * KeyManager CUSTOMER, newest first, Offset 0, Limit 100. An Offset past the matches answers
 * no rows and the counts. Never throws for a parsed request.
 */
export function listKeysForConsole(state: VaultState, req: ConsoleListKeysRequest): ConsoleKeyPage {
  const manager = req.KeyManager ?? 'CUSTOMER';
  const q = (req.Search ?? '').trim().toLowerCase();
  const aliases = aliasesByKey(state);
  const totals: Record<KeyManagerListed, number> = { CUSTOMER: 0, AWS: 0 };
  const matches: Match[] = [];
  const noAliases: string[] = [];
  const arnPrefix = keyArn(state, '');
  const aliasHits = q === '' ? undefined : keysWithAliasMatching(state, q);
  for (const key of state.keys.values()) {
    const mgr = managerOf(key);
    totals[mgr] += 1;
    if (mgr !== manager) continue;
    if (!inList(req.KeyStates, key.state) || !inList(req.KeySpecs, key.keySpec) || !inList(req.KeyUsages, key.keyUsage)) continue;
    const rotation = rotationOf(key);
    if (!inList(req.Rotation, rotation)) continue;
    const names = aliases.get(key.keyId) ?? noAliases;
    if (aliasHits && !aliasHits.has(key.keyId) && !searchTextOf(key, arnPrefix).includes(q)) continue;
    matches.push({ key, aliases: names, rotation });
  }
  const by = req.SortBy ?? 'creationDate';
  const desc = (req.SortOrder ?? (req.SortBy === undefined ? 'desc' : 'asc')) === 'desc';
  matches.sort(comparator(by, desc));
  const offset = req.Offset ?? 0;
  const limit = req.Limit ?? KEY_LIST_DEFAULT_LIMIT;
  return {
    Rows: matches.slice(offset, offset + limit).map((m) => rowOf(state, { ...m, aliases: [...m.aliases] })),
    Offset: offset,
    Matched: matches.length,
    Totals: totals,
  };
}
