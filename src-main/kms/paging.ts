/**
 * KMS pagination: Limit/Marker in, NextMarker/Truncated out. Markers are opaque to callers;
 * ours name the next item, so deletions between pages neither skip nor repeat items.
 */
import { InvalidMarkerException } from '../../src-shared/kms/errors.js';
import { base64ToBytes, bytesToBase64, utf8 } from '../../src-shared/wire.js';
import { lowerBound } from './tracked.js';

/** One page of items and the KMS paging fields. */
export interface Page<T> {
  items: T[];
  NextMarker?: string;
  Truncated: boolean;
}

/** Up to `limit` items after `marker`, in order; InvalidMarkerException for a marker we did not issue. */
export function paginate<T>(items: T[], idOf: (item: T) => string, limit: number, marker: string | undefined): Page<T> {
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = items.findIndex((item) => idOf(item) === after);
    if (start < 0) {
      // The item the marker named is gone: continue after where it sorted.
      start = items.findIndex((item) => idOf(item) > after);
      if (start < 0) start = items.length;
    }
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  return next === undefined
    ? { items: page, Truncated: false }
    : { items: page, Truncated: true, NextMarker: encodeMarker(idOf(next)) };
}

/**
 * One page of the ids of sorted, disjoint lists merged in order (code-unit order), found by
 * binary search: the cost is the page's, not the lists'. The same answers as paginate() over
 * the merged list. InvalidMarkerException for a marker we did not issue.
 */
export function paginateSorted(lists: readonly (readonly string[])[], limit: number, marker: string | undefined): Page<string> {
  const after = marker === undefined ? undefined : decodeMarker(marker);
  const at = lists.map((ids) => (after === undefined ? 0 : lowerBound(ids, after)));
  const items: string[] = [];
  let next: string | undefined;
  while (items.length <= limit) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const id = lists[i]![at[i]!]; // i < lists.length === at.length
      if (id !== undefined && (best < 0 || id < lists[best]![at[best]!]!)) best = i; // best indexes a list with an id at its cursor
    }
    if (best < 0) break;
    const id = lists[best]![at[best]!]!; // just compared: present
    at[best]! += 1;
    if (items.length === limit) next = id;
    else items.push(id);
    if (next !== undefined) break;
  }
  return next === undefined ? { items, Truncated: false } : { items, Truncated: true, NextMarker: encodeMarker(next) };
}

const PREFIX = 'kw1:';

function encodeMarker(id: string): string {
  return PREFIX + bytesToBase64(utf8.encode(id));
}

function decodeMarker(marker: string): string {
  try {
    if (!marker.startsWith(PREFIX)) throw new Error('prefix');
    return utf8.decode(base64ToBytes(marker.slice(PREFIX.length)));
  } catch {
    throw new InvalidMarkerException('The marker is not valid. Pass the NextMarker of the previous response unchanged.');
  }
}
