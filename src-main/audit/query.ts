/**
 * Queries over the audit log: filter and page newest first. Index filters run in memory
 * (record-index.ts); only matching lines are read from the segment files, neighbours in
 * one read.
 */
import { CONSOLE_CHANNEL_PREFIX } from '../../src-shared/console.js';
import { AuditQuerySchema, type AuditPage, type AuditQuery, type AuditRecord } from '../../src-shared/audit.js';
import { ValidationException } from '../../src-shared/kms/errors.js';
import { parseStoredRecord } from './chain.js';
import type { IndexFilter } from './index-entry.js';
import type { RecordIndex } from './record-index.js';
import { readRange, segmentPath } from './segment-io.js';
import { asciiFinder } from './text-find.js';

const LIMIT_DEFAULT = 50;
const LIMIT_MAX = 500;
/** Largest single read when fetching records or scanning text. */
const READ_WINDOW = 4 << 20;
/** Start a new read rather than read across this many bytes of records we do not need. */
const READ_GAP = 64 << 10;
const CURSOR_RE = /^v1:(\d{1,15})$/;

interface Found {
  records: AuditRecord[];
  lastPos: number | undefined;
  more: boolean;
}

/** Reads records of the log in `dir` through its in-memory index. */
export class LogReader {
  constructor(
    private readonly dir: string,
    private readonly index: RecordIndex,
  ) {}

  /**
   * Filter and page the log, newest first. Index filters (time, eventName, keyId, outcome)
   * run in memory; only matching lines are read. `text` streams the candidate lines newest
   * first in large reads and stops once the page is full.
   * @throws ValidationException for a malformed query or cursor.
   */
  async query(input: AuditQuery): Promise<AuditPage> {
    const parsed = AuditQuerySchema.safeParse(input);
    if (!parsed.success) throw new ValidationException(`Invalid audit query: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    const q = parsed.data;
    const n = this.index.count; // records past this are not part of this page's snapshot
    const limit = Math.min(q.limit ?? LIMIT_DEFAULT, LIMIT_MAX);
    const empty: AuditPage = { records: [], totalRecords: n };

    let top = n;
    if (q.cursor !== undefined) {
      const m = CURSOR_RE.exec(q.cursor);
      if (!m) throw new ValidationException('Invalid audit query: the cursor is not one this log issued');
      top = Math.min(n, this.index.countBelowSeq(Number(m[1])));
    }
    const filter: IndexFilter = {};
    if (q.from) filter.from = q.from.getTime();
    if (q.to) filter.to = q.to.getTime();
    if (q.outcome === 'success' || q.outcome === 'error') filter.outcome = q.outcome;
    if (q.readOnly !== undefined) filter.readOnly = q.readOnly;
    if (q.source !== undefined) {
      // The console's own reads are the console:* channels (their records are AwsConsoleActions).
      const consoleIds = this.index.nameIdsWithPrefix(CONSOLE_CHANNEL_PREFIX);
      if (q.source === 'workload') filter.nameIdsOut = consoleIds;
      else if (consoleIds.size === 0) return empty;
      else filter.nameIdsIn = consoleIds;
    }
    if (q.eventName) {
      const id = this.index.nameId(q.eventName);
      if (id === undefined) return empty;
      filter.nameId = id;
    }
    if (q.keyId) {
      const id = this.index.keyRefId(q.keyId);
      if (id === undefined) return empty;
      filter.keyRefId = id;
    }
    const found = q.text ? await this.searchText(top, filter, q.text.toLowerCase(), limit) : await this.searchIndex(top, filter, limit);
    const page: AuditPage = { records: found.records, totalRecords: n };
    if (found.more && found.lastPos !== undefined) page.nextCursor = `v1:${this.index.seq(found.lastPos)}`;
    return page;
  }

  private hasCandidateBelow(pos: number, filter: IndexFilter): boolean {
    return this.index.prevMatch(pos - 1, filter) >= 0;
  }

  private async searchIndex(top: number, filter: IndexFilter, limit: number): Promise<Found> {
    const hits: number[] = [];
    for (let i = this.index.prevMatch(top - 1, filter); i >= 0 && hits.length < limit; i = this.index.prevMatch(i - 1, filter)) hits.push(i);
    const lastPos = hits[hits.length - 1];
    const records = await this.readPositions(hits);
    return { records, lastPos, more: lastPos !== undefined && hits.length === limit && this.hasCandidateBelow(lastPos, filter) };
  }

  /** Read records at index positions (descending), batching neighbours into one read. */
  async readPositions(positions: number[]): Promise<AuditRecord[]> {
    const ix = this.index;
    const out: AuditRecord[] = [];
    let k = 0;
    while (k < positions.length) {
      const hi = positions[k]!;
      const seg = ix.segment(hi);
      const end = ix.offset(hi) + ix.length(hi);
      let j = k + 1;
      while (j < positions.length) {
        const p = positions[j]!;
        const prev = positions[j - 1]!;
        if (ix.segment(p) !== seg || end - ix.offset(p) > READ_WINDOW) break;
        if (ix.offset(prev) - (ix.offset(p) + ix.length(p)) > READ_GAP) break;
        j++;
      }
      const lo = positions[j - 1]!;
      const base = ix.offset(lo);
      const buf = await readRange(segmentPath(this.dir, seg), base, end);
      for (let m = k; m < j; m++) {
        const p = positions[m]!;
        const s = ix.offset(p) - base;
        const rec = parseStoredRecord(buf.toString('utf8', s, s + ix.length(p)));
        // A line that no longer parses was changed on disk after open; verify() reports it.
        if (rec) out.push(rec);
      }
      k = j;
    }
    return out;
  }

  private async searchText(top: number, filter: IndexFilter, needle: string, limit: number): Promise<Found> {
    const ix = this.index;
    // ASCII needles are matched over the raw bytes, ignoring ASCII case (text-find.ts).
    const ascii = /^[\u0000-\u007f]*$/u.test(needle); // eslint-disable-line no-control-regex -- the ASCII range, by definition
    const out: AuditRecord[] = [];
    let lastPos: number | undefined;
    let i = top - 1;
    while (i >= 0 && out.length < limit) {
      i = ix.prevMatch(i, filter);
      if (i < 0) break;
      const hi = i;
      const seg = ix.segment(hi);
      const end = ix.offset(hi) + ix.length(hi);
      let lo = hi;
      for (let j = hi - 1; j >= 0 && ix.segment(j) === seg && end - ix.offset(j) <= READ_WINDOW; j--) {
        if (!ix.matches(j, filter)) continue;
        if (ix.offset(lo) - (ix.offset(j) + ix.length(j)) > READ_GAP) break;
        lo = j;
      }
      const base = ix.offset(lo);
      const buf = await readRange(segmentPath(this.dir, seg), base, end);
      const hits = ascii ? this.asciiHits(buf, base, lo, hi, filter, needle) : this.unicodeHits(buf, base, lo, hi, filter, needle);
      for (const p of hits) {
        const s = ix.offset(p) - base;
        const rec = parseStoredRecord(buf.toString('utf8', s, s + ix.length(p)));
        if (!rec) continue;
        out.push(rec);
        lastPos = p;
        if (out.length === limit) break;
      }
      i = lo - 1;
    }
    const more = out.length === limit && lastPos !== undefined && this.hasCandidateBelow(lastPos, filter);
    return { records: out, lastPos, more };
  }

  /** Positions in [lo, hi] (descending) that pass `filter` and contain `needle` (ASCII, text-find.ts). */
  private asciiHits(buf: Buffer, base: number, lo: number, hi: number, filter: IndexFilter, needle: string): number[] {
    const ix = this.index;
    const find = asciiFinder(buf, needle);
    const hits: number[] = [];
    let r = lo;
    let p = find(0);
    while (p >= 0 && r <= hi) {
      while (r <= hi && ix.offset(r) - base + ix.length(r) <= p) r++;
      if (r > hi) break;
      const rs = ix.offset(r) - base;
      const re = rs + ix.length(r);
      if (p >= rs && p + needle.length <= re) {
        if (ix.matches(r, filter)) hits.push(r);
        r++;
        p = find(re);
      } else {
        p = find(p + 1);
      }
    }
    return hits.reverse();
  }

  private unicodeHits(buf: Buffer, base: number, lo: number, hi: number, filter: IndexFilter, needle: string): number[] {
    const ix = this.index;
    const hits: number[] = [];
    for (let r = hi; r >= lo; r--) {
      if (!ix.matches(r, filter)) continue;
      const s = ix.offset(r) - base;
      if (buf.toString('utf8', s, s + ix.length(r)).toLowerCase().includes(needle)) hits.push(r);
    }
    return hits;
  }
}
