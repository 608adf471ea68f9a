/**
 * Size limits for the fields of an audit record, so that no caller can make a record large.
 *
 * CloudTrail does the same: "CloudTrail truncates a field if the field contents exceed the
 * maximum field size. If a field is truncated, omitted is present with a value of true"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * Keyward keeps the start of a cut value and says what was cut and how to recognise it:
 *
 * - a string longer than its limit keeps a prefix followed by
 *   `…[omitted: <n> bytes, sha256:<hex>]`, where n and the SHA-256 are of the UTF-8 of the
 *   whole string;
 * - an array or object with more than ENTRIES_MAX entries keeps the first ones; the rest become
 *   one marker `{ omitted: true, entries, bytes, sha256 }` (an array's last element, an
 *   object's `(omitted)` member), hashed over the JSON of the entries dropped;
 * - a structure nested deeper than DEPTH_MAX becomes such a marker;
 * - requestParameters/responseElements larger than their limit as JSON keep their first members
 *   that fit, and the members dropped become an `(omitted)` marker.
 *
 * Sizes are UTF-8 bytes of the JSON text as it is written (escapes included). The limits keep
 * one record under about 12 KiB whatever the caller sends (see docs/architecture.md "Audit log").
 */
import { sha256Hex } from '../crypto/hash.js';

/** Limits in UTF-8 bytes of JSON text, or counts. */
export const AUDIT_LIMITS = {
  /** One string inside requestParameters/responseElements (KMS descriptions go to 8192 chars; longer ones are cut). */
  stringBytes: 1024,
  /** One member name inside requestParameters/responseElements (encryption context keys). */
  keyBytes: 256,
  /** Entries of one array or object. KMS allows 50 tags per key. */
  entries: 64,
  /** Nesting below requestParameters/responseElements (tags are 2 levels deep). */
  depth: 4,
  requestParametersBytes: 4096,
  responseElementsBytes: 2048,
  errorMessageBytes: 1024,
  userAgentBytes: 512,
  sourceIPAddressBytes: 128,
  /** Identifiers: access key id, resource ARNs. */
  identifierBytes: 256,
  /** Entries of `resources`. */
  resources: 8,
} as const;

/** The marker that replaces values cut from a structure; CloudTrail's `omitted: true`, plus what was cut. */
export interface OmittedMarker {
  omitted: true;
  /** How many entries were dropped, for a cut array or object. */
  entries?: number;
  /** UTF-8 bytes of the JSON of what was dropped. */
  bytes: number;
  /** SHA-256 of that JSON, hex. */
  sha256: string;
}

/** The member name an object's marker takes (not a KMS or CloudTrail field name). */
export const OMITTED_KEY = '(omitted)';

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Bytes one code point takes in JSON text (JSON.stringify escapes controls, quote, backslash, lone surrogates). */
function jsonCost(cp: number): number {
  if (cp === 0x22 || cp === 0x5c || cp === 0x08 || cp === 0x09 || cp === 0x0a || cp === 0x0c || cp === 0x0d) return 2;
  if (cp < 0x20) return 6;
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp >= 0xd800 && cp <= 0xdfff) return 6;
  return cp < 0x10000 ? 3 : 4;
}

/** The string itself if its JSON escape fits in `maxBytes`, else a prefix and the omitted marker; never longer than maxBytes. */
export function boundString(s: string, maxBytes: number): string {
  // No UTF-16 unit costs more than 6 bytes of JSON: short strings need no walk.
  if (s.length * 6 <= maxBytes) return s;
  let cost = 0;
  let i = 0;
  for (; i < s.length; ) {
    const cp = s.codePointAt(i) ?? 0;
    cost += jsonCost(cp);
    if (cost > maxBytes) break;
    i += cp > 0xffff ? 2 : 1;
  }
  if (i >= s.length) return s;
  const marker = `…[omitted: ${byteLength(s)} bytes, sha256:${sha256Hex(s)}]`;
  const room = maxBytes - byteLength(marker);
  let end = 0;
  for (let used = 0; end < s.length; ) {
    const cp = s.codePointAt(end) ?? 0;
    used += jsonCost(cp);
    if (used > room) break;
    end += cp > 0xffff ? 2 : 1;
  }
  return s.slice(0, Math.max(0, end)) + marker;
}

/** The marker for a dropped value (or dropped entries: pass their count). */
export function omittedMarker(dropped: unknown, entries?: number): OmittedMarker {
  const json = JSON.stringify(dropped) ?? 'null';
  const m: OmittedMarker = { omitted: true, bytes: byteLength(json), sha256: sha256Hex(json) };
  if (entries !== undefined) m.entries = entries;
  return m;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value with every string, entry count and nesting level within AUDIT_LIMITS. */
export function boundTree(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return boundString(v, AUDIT_LIMITS.stringBytes);
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= AUDIT_LIMITS.depth) return omittedMarker(v);
  const max = AUDIT_LIMITS.entries;
  if (Array.isArray(v)) {
    const out: unknown[] = v.slice(0, max).map((x) => boundTree(x, depth + 1));
    if (v.length > max) out.push(omittedMarker(v.slice(max), v.length - max));
    return out;
  }
  if (!isRecord(v)) return omittedMarker(v);
  const all = Object.entries(v);
  const kept: [string, unknown][] = [];
  for (let i = 0; i < all.length && i < max; i++) {
    const [k, x] = all[i]!; // i < all.length
    kept.push([boundString(k, AUDIT_LIMITS.keyBytes), boundTree(x, depth + 1)]);
  }
  if (all.length > max) kept.push([OMITTED_KEY, omittedMarker(Object.fromEntries(all.slice(max)), all.length - max)]);
  return Object.fromEntries(kept);
}

/** Room left for the `(omitted)` member: its name, a marker with entries, bytes and hash. */
const MARKER_RESERVE = 160;

/**
 * requestParameters or responseElements within `maxBytes` of JSON: every part bounded
 * (boundTree), then the first members that fit; the members that do not are one marker.
 */
export function boundStructure(v: Record<string, unknown> | null, maxBytes: number): Record<string, unknown> | null {
  if (v === null) return null;
  const bounded = boundTree(v) as Record<string, unknown>;
  const json = JSON.stringify(bounded);
  // A UTF-16 unit of JSON text is at most 3 bytes of UTF-8: most structures need no encoding.
  if (json.length * 3 <= maxBytes || byteLength(json) <= maxBytes) return bounded;
  const kept: [string, unknown][] = [];
  const dropped: [string, unknown][] = [];
  let size = 2; // {}
  for (const [k, x] of Object.entries(bounded)) {
    const cost = byteLength(JSON.stringify({ [k]: x })) - 1; // member and a comma
    if (dropped.length === 0 && size + cost <= maxBytes - MARKER_RESERVE) {
      kept.push([k, x]);
      size += cost;
    } else {
      dropped.push([k, v[k] === undefined ? x : v[k]]);
    }
  }
  kept.push([OMITTED_KEY, omittedMarker(Object.fromEntries(dropped), dropped.length)]);
  return Object.fromEntries(kept);
}
