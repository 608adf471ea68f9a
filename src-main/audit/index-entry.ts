/**
 * What one audit record contributes to the in-memory index (record-index.ts): its row
 * (IndexEntry), the key references it names in one comparable form, and the row layout of a
 * whole segment (SegmentColumns) as a sidecar index file stores it.
 */
import type { AuditRecord } from '../../src-shared/audit.js';

export interface IndexEntry {
  seq: number;
  segment: number;
  offset: number;
  /** Line length in bytes, without the newline. */
  length: number;
  time: number;
  eventName: string;
  keyRefs: string[];
  isError: boolean;
  readOnly: boolean;
}

/**
 * The index rows of one segment, with event names and key refs as ids into the segment's own
 * string tables: what a sidecar index file (segment-index-file.ts) holds.
 */
export interface SegmentColumns {
  count: number;
  seqs: Float64Array;
  offsets: Float64Array;
  times: Float64Array;
  lengths: Uint32Array;
  /** Ids into nameTable (lowercase event names). */
  names: Uint32Array;
  /** Bit 0: error, bit 1: readOnly. */
  flags: Uint8Array;
  /** count + 1 entries: keyStart[i]..keyStart[i+1] index keyData for row i; keyStart[0] = 0. */
  keyStart: Uint32Array;
  /** Ids into keyTable (normalised key refs). */
  keyData: Uint32Array;
  nameTable: string[];
  keyTable: string[];
}

export const FLAG_ERROR = 1;
export const FLAG_READ_ONLY = 2;

export interface IndexFilter {
  from?: number;
  to?: number;
  nameId?: number;
  keyRefId?: number;
  outcome?: 'success' | 'error';
  readOnly?: boolean;
  /** Only records whose event-name id is in the set / not in the set (e.g. the console's own reads). */
  nameIdsIn?: ReadonlySet<number>;
  nameIdsOut?: ReadonlySet<number>;
}

/**
 * A key reference in one comparable form: lowercase, and a KMS ARN reduced to its resource
 * (`arn:aws:kms:r:a:key/<id>` -> `<id>`, `...:alias/x` -> `alias/x`), so an id, an ARN or
 * an alias matches however the record named it.
 */
export function normaliseKeyRef(ref: string): string {
  let s = ref.trim().toLowerCase();
  if (s.startsWith('arn:')) {
    // arn:partition:service:region:account:resource -> resource (after the fifth colon)
    let at = 0;
    for (let n = 0; n < 5 && at >= 0; n++) at = s.indexOf(':', at + (n ? 1 : 0));
    s = at >= 0 ? s.slice(at + 1) : s;
  }
  if (s.startsWith('key/')) s = s.slice(4);
  return s;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined; // an object, checked
}

/** Every key a record names: request key fields, response key fields, resource ARNs. */
export function recordKeyRefs(r: AuditRecord): string[] {
  const refs = new Set<string>();
  const add = (v: unknown) => {
    const s = str(v);
    if (s) refs.add(normaliseKeyRef(s));
  };
  const req = obj(r.requestParameters);
  if (req) for (const f of ['keyId', 'destinationKeyId', 'sourceKeyId', 'targetKeyId']) add(req[f]);
  const res = obj(r.responseElements);
  if (res) {
    for (const f of ['keyId', 'sourceKeyId']) add(res[f]);
    const md = obj(res['keyMetadata']);
    if (md) {
      add(md['keyId']);
      add(md['arn']);
    }
  }
  if (Array.isArray(r.resources)) for (const x of r.resources) add(obj(x)?.['ARN']);
  return [...refs];
}

export function indexEntryOf(r: AuditRecord, segment: number, offset: number, length: number): IndexEntry {
  return {
    seq: r.chain.seq,
    segment,
    offset,
    length,
    time: Date.parse(r.eventTime),
    eventName: r.eventName,
    keyRefs: recordKeyRefs(r),
    isError: typeof r.errorCode === 'string' && r.errorCode.length > 0,
    readOnly: r.readOnly === true,
  };
}
