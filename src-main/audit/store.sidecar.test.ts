/**
 * Sidecar index files (segment-index-file.ts): used on reopen, rebuilt when stale or damaged,
 * never trusted for integrity, harmless to delete.
 */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditQuery, AuditRecord } from '../../src-shared/audit.js';
import { buildAuditEvent } from './event-builder.js';
import type { IndexEntry, RecordIndex } from './record-index.js';
import { AuditLog, type AuditLogOptions } from './store.js';

const ACCOUNT = '111122223333';
const KEYS = ['1111aaaa-0000-0000-0000-000000000001', '2222bbbb-0000-0000-0000-000000000002', '3333cccc-0000-0000-0000-000000000003'];
const arn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const OPS = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'CreateKey'];
const T0 = Date.parse('2026-01-01T00:00:00Z');

function event(i: number, tag = '') {
  const op = OPS[i % OPS.length]!;
  const key = KEYS[i % 3]!;
  const failed = i % 7 === 0;
  return buildAuditEvent({
    channel: `kms:${op}`,
    request: { KeyId: i % 2 ? arn(key) : key, EncryptionContext: { n: `${tag}${i}` } },
    response: failed ? undefined : { KeyId: arn(key) },
    ...(failed ? { error: { name: 'DisabledException', message: `Key ${arn(key)} is disabled.` } } : {}),
    caller: { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' },
    accountId: ACCOUNT,
    region: 'us-east-1',
    now: new Date(T0 + i * 60_000),
    keyArns: [arn(key)],
    readOnly: op === 'DescribeKey',
    requestId: `req-${i}`,
  });
}

const SEG = 200; // records per segment
const TOTAL = 750; // segments 1-3 full (sidecars), segment 4 current with 150
const OPTS: AuditLogOptions = { segmentRecords: SEG };

let dir: string;
const opened: AuditLog[] = [];
async function openLog(options: AuditLogOptions = OPTS, at = dir): Promise<AuditLog> {
  const log = await AuditLog.open(at, options);
  opened.push(log);
  return log;
}
async function build(at = dir, tag = ''): Promise<void> {
  const log = await AuditLog.open(at, OPTS);
  for (let i = 0; i < TOTAL; i++) await log.append(event(i, tag));
  await log.close(); // waits for the sidecars written in the background at each roll
}
const idx = (n: number, at = dir) => join(at, `segment-${String(n).padStart(6, '0')}.idx`);
const seg = (n: number) => join(dir, `segment-${String(n).padStart(6, '0')}.jsonl`);
const exists = (p: string) => fsp.stat(p).then(() => true, () => false);

/** Every row of the log's in-memory index. */
function rows(log: AuditLog): IndexEntry[] {
  const ix = (log as unknown as { index: RecordIndex }).index; // a test's look at the private index
  return Array.from({ length: ix.count }, (_, i) => ix.entry(i));
}

const QUERIES: AuditQuery[] = [
  { limit: 500 },
  { eventName: 'decrypt', limit: 37 },
  { keyId: KEYS[1], limit: 500 },
  { keyId: arn(KEYS[2]!), outcome: 'error', limit: 500 },
  { outcome: 'success', readOnly: false, limit: 500 },
  { readOnly: true, limit: 500 },
  { from: new Date(T0 + 100 * 60_000), to: new Date(T0 + 650 * 60_000), limit: 500 },
  { text: 'disabled', limit: 20 },
  { text: '"n":"5', limit: 500 },
];

/** Everything a caller can observe: every page of each query, countEvents, verify. */
async function observe(log: AuditLog): Promise<unknown> {
  const pages: AuditRecord[][] = [];
  for (const q of QUERIES) {
    const all: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await log.query({ ...q, ...(cursor ? { cursor } : {}) });
      all.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor);
    pages.push(all);
  }
  const counts = log.countEvents({ from: T0, to: T0 + 400 * 60_000, eventNames: new Set(['encrypt', 'decrypt', 'describekey']) });
  return { pages, counts: { total: counts.total, byKey: [...counts.byKey].sort() }, verify: await log.verify(), head: log.head, size: log.size };
}

/** What the log looks like when every line is parsed (no sidecars), as before they existed. */
async function reference(): Promise<{ seen: unknown; rows: IndexEntry[]; report: AuditLog['openReport'] }> {
  const ref = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-ref-'));
  try {
    for (const f of await fsp.readdir(dir)) if (f.endsWith('.jsonl')) await fsp.copyFile(join(dir, f), join(ref, f));
    const log = await AuditLog.open(ref, OPTS);
    try {
      expect(log.openReport.index.sidecarsLoaded).toBe(0);
      return { seen: await observe(log), rows: rows(log), report: log.openReport };
    } finally {
      await log.close();
    }
  } finally {
    await fsp.rm(ref, { recursive: true, force: true });
  }
}

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-idx-'));
});
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close().catch(() => undefined);
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('AuditLog sidecar index files', () => {
  it('writes one per full segment when rolling, and reopening parses only the current segment', async () => {
    await build();
    expect((await fsp.readdir(dir)).sort()).toEqual([
      'segment-000001.idx', 'segment-000001.jsonl', 'segment-000002.idx', 'segment-000002.jsonl',
      'segment-000003.idx', 'segment-000003.jsonl', 'segment-000004.jsonl',
    ]);
    const log = await openLog();
    // 150 lines of the current segment, plus each sidecar's first and last line.
    expect(log.openReport.index).toEqual({ sidecarsLoaded: 3, sidecarsRejected: 0, sidecarsWritten: 0, linesParsed: 150 + 3 * 2 });
    expect(log.openReport).toMatchObject({ segments: 4, records: TOTAL, unreadableLines: 0, tail: { ok: true, checked: TOTAL } });
    const want = await reference();
    expect(rows(log)).toEqual(want.rows);
    expect(await observe(log)).toEqual(want.seen);
  });

  it('keeps working across further rolls after a reopen', async () => {
    await build();
    const a = await openLog();
    for (let i = TOTAL; i < TOTAL + 300; i++) await a.append(event(i)); // 4 gets 50 more (full), 5 gets 200, 6 gets 50
    await a.close();
    const b = await openLog();
    expect(b.openReport.index).toMatchObject({ sidecarsLoaded: 5, sidecarsRejected: 0, sidecarsWritten: 0 });
    expect(b.size).toBe(TOTAL + 300);
    const want = await reference();
    expect(rows(b)).toEqual(want.rows);
    expect(await observe(b)).toEqual(want.seen);
  });

  it('deleting the sidecars is harmless: open rebuilds them from the lines', async () => {
    await build();
    for (const n of [1, 2, 3]) await fsp.rm(idx(n));
    const a = await openLog();
    expect(a.openReport.index).toEqual({ sidecarsLoaded: 0, sidecarsRejected: 0, sidecarsWritten: 3, linesParsed: TOTAL });
    const want = await reference();
    expect(rows(a)).toEqual(want.rows);
    expect(await observe(a)).toEqual(want.seen);
    await a.close();
    const b = await openLog();
    expect(b.openReport.index).toMatchObject({ sidecarsLoaded: 3, sidecarsWritten: 0 });
    expect(await observe(b)).toEqual(want.seen);
  });

  describe('a stale, damaged or mismatched sidecar is detected and rebuilt, with identical results', () => {
    /** Spoil segment 2's sidecar; open must reject and rewrite it, and match a sidecar-less open. */
    async function rejected(spoil: () => Promise<void>): Promise<void> {
      await build();
      await spoil();
      const a = await openLog();
      expect(a.openReport.index).toMatchObject({ sidecarsLoaded: 2, sidecarsRejected: 1, sidecarsWritten: 1 });
      const want = await reference();
      expect(a.openReport.tail).toEqual(want.report.tail);
      expect(rows(a)).toEqual(want.rows);
      expect(await observe(a)).toEqual(want.seen);
      await a.close();
      const b = await openLog(); // the rewritten sidecar is used from now on
      expect(b.openReport.index).toMatchObject({ sidecarsLoaded: 3, sidecarsRejected: 0 });
      expect(rows(b)).toEqual(want.rows);
    }

    it('truncated', () => rejected(async () => {
      const b = await fsp.readFile(idx(2));
      await fsp.writeFile(idx(2), b.subarray(0, b.length >> 1));
    }));
    it('a flipped bit', () => rejected(async () => {
      const b = await fsp.readFile(idx(2));
      b[200] = b[200]! ^ 0x10;
      await fsp.writeFile(idx(2), b);
    }));
    it('another format version', () => rejected(async () => {
      const b = await fsp.readFile(idx(2));
      b.writeUInt32LE(99, 8);
      await fsp.writeFile(idx(2), b);
    }));
    it('empty', () => rejected(() => fsp.writeFile(idx(2), '')));
    it("another segment's sidecar", () => rejected(() => fsp.copyFile(idx(1), idx(2))));
    it('the same segment number from another log', () => rejected(async () => {
      const other = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-other-'));
      try {
        await build(other, 'x'); // same shape and sizes, different chain
        await fsp.copyFile(idx(2, other), idx(2));
      } finally {
        await fsp.rm(other, { recursive: true, force: true });
      }
    }));
    it('a segment that changed size (records removed, chain still broken on open)', async () => {
      await build();
      const ls = (await fsp.readFile(seg(2), 'utf8')).split('\n').slice(0, -1);
      await fsp.writeFile(seg(2), ls.filter((_, i) => i !== 50).map((l) => `${l}\n`).join(''));
      const a = await openLog();
      expect(a.openReport.index).toMatchObject({ sidecarsLoaded: 2, sidecarsRejected: 1 });
      expect(a.openReport.tail).toMatchObject({ ok: false, firstBadSeq: 251 });
      const want = await reference();
      expect(a.openReport.tail).toEqual(want.report.tail);
      expect(await observe(a)).toEqual(want.seen);
    });
  });

  describe('never trusted for integrity', () => {
    it('an edit that keeps every byte offset is not seen by the sidecar, but verify() catches it', async () => {
      await build();
      const text = await fsp.readFile(seg(2), 'utf8');
      const edited = text.replace('"req-250"', '"req-25X"'); // same length
      expect(edited).not.toBe(text);
      await fsp.writeFile(seg(2), edited);
      const log = await openLog();
      expect(log.openReport.index.sidecarsLoaded).toBe(3); // size and end lines still match
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 251, checked: 250, reason: expect.stringMatching(/251 was changed/) });
    });

    it('a segment whose end lines were re-chained is caught at its link on open', async () => {
      await build();
      // Replace segment 3 with segment 2 (same size class, its sidecar kept): links break.
      await fsp.copyFile(seg(2), seg(3));
      const log = await openLog();
      expect(log.openReport.index.sidecarsRejected).toBe(1);
      expect(log.openReport.tail).toMatchObject({ ok: false, firstBadSeq: 401 });
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 401 });
    });

    it('a removed segment is caught at the link between segments, with sidecars present', async () => {
      await build();
      await fsp.rm(seg(2));
      const log = await openLog();
      expect(log.openReport.index.sidecarsLoaded).toBe(2);
      expect(log.openReport.tail).toMatchObject({ ok: false, firstBadSeq: 201, reason: expect.stringMatching(/record 201 was removed/) });
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 201 });
    });

    it('a damaged full segment gets no sidecar, and its old one is removed', async () => {
      await build();
      const ls = (await fsp.readFile(seg(1), 'utf8')).split('\n').slice(0, -1);
      await fsp.writeFile(seg(1), ls.map((l, i) => `${i === 10 ? l.slice(0, 30) : l}\n`).join(''));
      const log = await openLog();
      expect(log.openReport).toMatchObject({ unreadableLines: 1, index: { sidecarsRejected: 1, sidecarsWritten: 0 } });
      expect(await exists(idx(1))).toBe(false);
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 11, reason: expect.stringMatching(/cannot be read/) });
    });
  });

  it('a sidecar that cannot be written is a warning, never a failure', async () => {
    const warnings: string[] = [];
    await fsp.mkdir(idx(1)); // a directory where the sidecar goes: the rename fails
    const log = await openLog({ ...OPTS, onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 450; i++) await log.append(event(i));
    await log.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the index file segment-000001\.idx could not be written \(E[A-Z]+\)/);
    expect(warnings[0]).not.toContain(dir);
    expect(await exists(idx(2))).toBe(true);
    const again = await openLog({ ...OPTS, onWarning: (m) => warnings.push(m) });
    expect(again.openReport.index).toMatchObject({ sidecarsLoaded: 1, sidecarsWritten: 0 });
    expect(warnings).toHaveLength(2); // open tried to write it lazily, and said so
    expect(await again.verify()).toEqual({ ok: true, checked: 450 });
    expect((await again.query({ limit: 500 })).records.map((r) => r.chain.seq)).toEqual(Array.from({ length: 450 }, (_, i) => 450 - i));
  });
});
