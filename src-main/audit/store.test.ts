import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditQuery, AuditRecord } from '../../src-shared/audit.js';
import { AuditWriteException, ValidationException } from '../../src-shared/kms/errors.js';
import { canonicalJson, chainHash } from './chain.js';
import { buildAuditEvent } from './event-builder.js';
import { nodeFileIO, type AuditFileIO } from './segment-io.js';
import { AuditLog } from './store.js';

const ACCOUNT = '111122223333';
const KEYS = ['1111aaaa-0000-0000-0000-000000000001', '2222bbbb-0000-0000-0000-000000000002', '3333cccc-0000-0000-0000-000000000003'];
const arn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const OPS = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'CreateKey'];
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A varied, deterministic event: op, key, outcome and time depend on i. */
function event(i: number) {
  const op = OPS[i % OPS.length]!;
  const key = KEYS[i % 3]!;
  const failed = i % 7 === 0;
  return buildAuditEvent({
    channel: `kms:${op}`,
    request: { KeyId: i % 2 ? arn(key) : key, EncryptionContext: { n: String(i) }, Plaintext: new Uint8Array(8) },
    response: failed ? undefined : { KeyId: arn(key), CiphertextBlob: new Uint8Array(8) },
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

let dir: string;
const open: AuditLog[] = [];
async function openLog(options: Parameters<typeof AuditLog.open>[1] = {}): Promise<AuditLog> {
  const log = await AuditLog.open(dir, options);
  open.push(log);
  return log;
}
async function fill(log: AuditLog, from: number, to: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (let i = from; i < to; i++) out.push(await log.append(event(i)));
  return out;
}
const seg = (n: number) => join(dir, `segment-${String(n).padStart(6, '0')}.jsonl`);
async function lines(n: number): Promise<string[]> {
  return (await fsp.readFile(seg(n), 'utf8')).split('\n').slice(0, -1);
}
async function writeLines(n: number, ls: string[]): Promise<void> {
  await fsp.writeFile(seg(n), ls.map((l) => `${l}\n`).join(''));
}

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-'));
});
afterEach(async () => {
  for (const log of open.splice(0)) await log.close().catch(() => undefined);
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('AuditLog: chain and segments', () => {
  it('verifies an intact log of 3,000 records across several segments', async () => {
    const log = await openLog({ segmentRecords: 700 });
    const recs = await fill(log, 0, 3000);
    expect(recs.map((r) => r.chain.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect((await fsp.readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `segment-00000${n}.jsonl`));
    expect(await lines(1)).toHaveLength(700);
    const progress: number[] = [];
    expect(await log.verify({ onProgress: (c) => progress.push(c) })).toEqual({ ok: true, checked: 3000 });
    expect(progress.at(-1)).toBe(3000);
    expect(log.head).toEqual({ seq: 3000, hash: recs[2999]!.chain.hash });
  });

  it('stores each record as its canonical JSON line', async () => {
    const log = await openLog();
    const [r] = await fill(log, 0, 1);
    expect(await lines(1)).toEqual([canonicalJson(r)]);
  });

  it('continues the chain after reopening', async () => {
    const a = await openLog({ segmentRecords: 40 });
    await fill(a, 0, 100);
    await a.close();
    const b = await openLog({ segmentRecords: 40 });
    expect(b.openReport).toMatchObject({ segments: 3, records: 100, truncatedBytes: 0, unreadableLines: 0, tail: { ok: true } });
    const more = await fill(b, 100, 150);
    expect(more[0]!.chain.seq).toBe(101);
    expect(await b.verify()).toEqual({ ok: true, checked: 150 });
    expect(await lines(4)).toHaveLength(30);
  });

  it('serialises concurrent appends in call order', async () => {
    const log = await openLog({ segmentRecords: 50 });
    const recs = await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(event(i))));
    expect(recs.map((r) => r.requestID)).toEqual(Array.from({ length: 300 }, (_, i) => `req-${i}`));
    expect(recs.map((r) => r.chain.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect((await log.verify()).ok).toBe(true);
  });

  describe('tamper detection', () => {
    async function tampered(edit: (ls: string[]) => string[]): Promise<AuditLog> {
      const a = await openLog({ segmentRecords: 500 });
      await fill(a, 0, 1500);
      await a.close();
      await writeLines(2, edit(await lines(2))); // seqs 501..1000
      return openLog({ segmentRecords: 500 });
    }

    it('detects an edited record (hash mismatch) at its seq', async () => {
      const log = await tampered((ls) => ls.map((l, i) => (i === 100 ? l.replace('"eventName":"', '"eventName":"X') : l)));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 601, checked: 600, reason: expect.stringMatching(/601 was changed/) });
    });

    it('detects an edited record whose own hash was recomputed, at the next link', async () => {
      const log = await tampered((ls) =>
        ls.map((l, i) => {
          if (i !== 100) return l;
          const r = JSON.parse(l) as AuditRecord; // a line this test wrote
          r.eventName = 'Forged';
          r.chain.hash = chainHash(r);
          return canonicalJson(r);
        }),
      );
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 602, reason: expect.stringMatching(/prevHash/) });
    });

    it('detects a removed record', async () => {
      const log = await tampered((ls) => ls.filter((_, i) => i !== 200));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 701, reason: expect.stringMatching(/701 was removed/) });
      expect(log.openReport.tail).toMatchObject({ ok: false, firstBadSeq: 701 });
    });

    it('detects two swapped records', async () => {
      const log = await tampered((ls) => {
        const out = [...ls];
        [out[300], out[301]] = [out[301]!, out[300]!];
        return out;
      });
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 801 });
    });

    it('detects a removed segment', async () => {
      const a = await openLog({ segmentRecords: 500 });
      await fill(a, 0, 1500);
      await a.close();
      await fsp.rm(seg(2));
      const log = await openLog({ segmentRecords: 500 });
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 501 });
    });

    it('detects an unreadable line', async () => {
      const log = await tampered((ls) => ls.map((l, i) => (i === 5 ? l.slice(0, 40) : l)));
      expect(log.openReport.unreadableLines).toBe(1);
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 506, reason: expect.stringMatching(/cannot be read/) });
    });

    it('reports an edit in the tail on open', async () => {
      const a = await openLog();
      await fill(a, 0, 50);
      await a.close();
      await writeLines(1, (await lines(1)).map((l, i) => (i === 45 ? l.replace('"readOnly":false', '"readOnly":true') : l)));
      const b = await openLog();
      expect(b.openReport.tail).toMatchObject({ ok: false, firstBadSeq: 46 });
    });

    it('detects records cut from the end, against the live head or an anchor', async () => {
      const log = await openLog();
      const recs = await fill(log, 0, 20);
      await writeLines(1, (await lines(1)).slice(0, 18));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 19, checked: 18, reason: expect.stringMatching(/19 to 20 are missing/) });
      await log.close();
      const reopened = await openLog();
      expect((await reopened.verify()).ok).toBe(true); // nothing left to compare with...
      expect(await reopened.verify({ anchor: recs[19]!.chain })).toMatchObject({ ok: false, firstBadSeq: 19 }); // ...but the anchor knows
      expect(await reopened.verify({ anchor: { seq: 10, hash: 'f'.repeat(64) } })).toMatchObject({ ok: false, firstBadSeq: 10 });
    });
  });

  it('truncates a torn last line on open, reports it, and continues the chain', async () => {
    const a = await openLog();
    const recs = await fill(a, 0, 10);
    await a.close();
    const partial = canonicalJson({ ...event(10), chain: { seq: 11, prevHash: recs[9]!.chain.hash, hash: '0'.repeat(64) } }).slice(0, 123);
    await fsp.appendFile(seg(1), partial);
    const b = await openLog();
    expect(b.openReport).toMatchObject({ records: 10, truncatedBytes: 123, unreadableLines: 0, tail: { ok: true } });
    expect((await fsp.readFile(seg(1), 'utf8')).endsWith('\n')).toBe(true);
    const [r] = await fill(b, 10, 11);
    expect(r!.chain.seq).toBe(11);
    expect(await b.verify()).toEqual({ ok: true, checked: 11 });
  });

  it('keeps a torn line that is not at the end of the last segment, and verify reports it', async () => {
    const a = await openLog({ segmentRecords: 5 });
    await fill(a, 0, 10);
    await a.close();
    await fsp.appendFile(seg(1), '{"chain":');
    const b = await openLog({ segmentRecords: 5 });
    expect(b.openReport).toMatchObject({ truncatedBytes: 0, unreadableLines: 1 });
    expect(await b.verify()).toMatchObject({ ok: false, firstBadSeq: 6, reason: expect.stringMatching(/partial record/) });
  });
});

/** A file port that fails on demand, after writing part of the line as a full disk might. */
function flakyIO(): { io: AuditFileIO; fail: { write: number; open: number; sync: number } } {
  const fail = { write: 0, open: 0, sync: 0 };
  const io: AuditFileIO = {
    async openSegment(path) {
      if (fail.open > 0) {
        fail.open--;
        throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      }
      const w = await nodeFileIO.openSegment(path);
      return {
        initialSize: w.initialSize,
        async writeAt(data, position) {
          if (fail.write > 0) {
            fail.write--;
            await w.writeAt(data.subarray(0, data.length >> 1), position);
            throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
          }
          return w.writeAt(data, position);
        },
        truncate: (n) => w.truncate(n),
        async sync() {
          if (fail.sync > 0) {
            fail.sync--;
            throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
          }
          return w.sync();
        },
        close: () => w.close(),
      };
    },
    syncDir: (d) => nodeFileIO.syncDir(d),
  };
  return { io, fail };
}

describe('AuditLog: fail closed', () => {
  it('throws AuditWriteException on a failed write, leaves the head unchanged, and the next append verifies', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io });
    await fill(log, 0, 5);
    const head = log.head;
    fail.write = 1;
    const err = await log.append(event(5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditWriteException);
    expect((err as Error).message).toBe('The audit record could not be written (ENOSPC); the operation was refused.'); // checked by toBeInstanceOf
    expect((err as Error).message).not.toContain(dir); // checked by toBeInstanceOf; no paths in messages
    expect(log.head).toEqual(head);
    expect(log.size).toBe(5);
    const [next] = await fill(log, 6, 7);
    expect(next!.chain.seq).toBe(6);
    expect(await log.verify()).toEqual({ ok: true, checked: 6 });
    await log.close();
    const reopened = await openLog();
    expect(reopened.openReport.tail.ok).toBe(true);
    expect(await reopened.verify()).toEqual({ ok: true, checked: 6 });
  });

  it('throws AuditWriteException when a new segment cannot be opened, and recovers', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io, segmentRecords: 3 });
    await fill(log, 0, 3);
    fail.open = 1;
    await expect(log.append(event(3))).rejects.toBeInstanceOf(AuditWriteException);
    await fill(log, 4, 8);
    expect(await log.verify()).toEqual({ ok: true, checked: 7 });
  });

  it('with fsync per record, a failed fsync refuses the record and rolls it back', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io, syncIntervalMs: 0 });
    await fill(log, 0, 2);
    fail.sync = 1;
    await expect(log.append(event(2))).rejects.toBeInstanceOf(AuditWriteException);
    await fill(log, 3, 4);
    expect(await log.verify()).toEqual({ ok: true, checked: 3 });
    expect(await lines(1)).toHaveLength(3);
  });

  it('after a failed background flush, refuses every later append', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io, syncIntervalMs: 1 });
    await fill(log, 0, 2);
    fail.sync = 1;
    await expect(log.flush()).rejects.toBeInstanceOf(AuditWriteException);
    await expect(log.append(event(2))).rejects.toThrow(/earlier flush failed with EIO/);
  });

  it('refuses appends after close and refuses malformed events', async () => {
    const log = await openLog();
    await expect(log.append({ ...event(0), requestParameters: { blob: new Uint8Array(4) } })).rejects.toBeInstanceOf(AuditWriteException);
    expect(log.size).toBe(0);
    await log.close();
    await expect(log.append(event(0))).rejects.toThrow(/closed/);
    await log.close();
  });
});

describe('AuditLog: query', () => {
  const N = 400;
  let log: AuditLog;
  let all: AuditRecord[]; // newest first
  beforeEach(async () => {
    log = await openLog({ segmentRecords: 64 });
    all = (await fill(log, 0, N)).reverse();
    // One record with non-ASCII text for the Unicode search path.
    const special = buildAuditEvent({
      channel: 'kms:UpdateKeyDescription',
      request: { KeyId: KEYS[0], Description: 'Clé de paiement ÉTÉ' },
      response: {},
      caller: { transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'test' },
      accountId: ACCOUNT,
      region: 'us-east-1',
      now: new Date(T0 + N * 60_000),
      keyArns: [arn(KEYS[0]!)],
      readOnly: false,
      requestId: 'req-special',
    });
    all.unshift(await log.append(special));
  });

  /** Every page of a query, following cursors; checks each record appears once. */
  async function pages(q: AuditQuery): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10_000; guard++) {
      const page = await log.query({ ...q, ...(cursor ? { cursor } : {}) });
      expect(page.totalRecords).toBe(N + 1);
      expect(page.records.length).toBeLessThanOrEqual(q.limit ?? 50);
      out.push(...page.records);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const seqs = out.map((r) => r.chain.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    return out;
  }
  const seqsOf = (rs: AuditRecord[]) => rs.map((r) => r.chain.seq);
  const expectSame = async (q: AuditQuery, pred: (r: AuditRecord) => boolean) => {
    const got = await pages(q);
    const want = all.filter(pred);
    expect(want.length).toBeGreaterThan(0);
    expect(seqsOf(got)).toEqual(seqsOf(want));
  };
  const mentions = (r: AuditRecord, id: string) => JSON.stringify([r.requestParameters, r.responseElements, r.resources]).includes(id);

  it('pages through every record exactly once, newest first', async () => {
    for (const limit of [1, 7, 50, 500]) expect(seqsOf(await pages({ limit }))).toEqual(seqsOf(all));
    const first = await log.query({});
    expect(first.records).toHaveLength(50);
    expect(first.records[0]!.chain.seq).toBe(N + 1);
  });

  it('filters by eventName, case-insensitively and exactly', async () => {
    await expectSame({ eventName: 'decrypt', limit: 13 }, (r) => r.eventName === 'Decrypt');
    expect((await log.query({ eventName: 'Decryp' })).records).toEqual([]);
  });

  it('filters by key id or ARN', async () => {
    await expectSame({ keyId: KEYS[1], limit: 9 }, (r) => mentions(r, KEYS[1]!));
    await expectSame({ keyId: arn(KEYS[2]!), limit: 9 }, (r) => mentions(r, KEYS[2]!));
    await expectSame({ keyId: KEYS[0]!.toUpperCase() }, (r) => mentions(r, KEYS[0]!));
    expect((await log.query({ keyId: 'no-such-key' })).records).toEqual([]);
  });

  it('filters by outcome', async () => {
    await expectSame({ outcome: 'error', limit: 11 }, (r) => r.errorCode !== undefined);
    await expectSame({ outcome: 'success', limit: 100 }, (r) => r.errorCode === undefined);
    await expectSame({ outcome: 'all', limit: 100 }, () => true);
  });

  it('filters by time range (inclusive)', async () => {
    const from = new Date(T0 + 100 * 60_000);
    const to = new Date(T0 + 150 * 60_000);
    await expectSame({ from, to, limit: 8 }, (r) => Date.parse(r.eventTime) >= from.getTime() && Date.parse(r.eventTime) <= to.getTime());
    await expectSame({ from }, (r) => Date.parse(r.eventTime) >= from.getTime());
  });

  it('searches text case-insensitively over the record JSON (ASCII and Unicode)', async () => {
    await expectSame({ text: 'DISABLED', limit: 6 }, (r) => JSON.stringify(r).toLowerCase().includes('disabled'));
    await expectSame({ text: '"n":"12', limit: 3 }, (r) => /"n":"12/.test(canonicalJson(r)));
    await expectSame({ text: 'clé DE paiement été' }, (r) => r.requestID === 'req-special');
    await expectSame({ text: 'req-special' }, (r) => r.requestID === 'req-special');
    expect((await log.query({ text: 'nothing-matches-this' })).records).toEqual([]);
  });

  it('combines filters', async () => {
    await expectSame(
      { eventName: 'Encrypt', keyId: KEYS[0], outcome: 'error', text: 'disabled', limit: 2 },
      (r) => r.eventName === 'Encrypt' && mentions(r, KEYS[0]!) && r.errorCode !== undefined,
    );
  });

  it('never returns secrets that were passed to the builder', async () => {
    const page = await log.query({ limit: 500 });
    expect(JSON.stringify(page)).not.toMatch(/plaintext|ciphertextBlob/i);
  });

  it('refuses a malformed query or cursor with ValidationException', async () => {
    await expect(log.query({ cursor: 'garbage' })).rejects.toBeInstanceOf(ValidationException);
    await expect(log.query({ limit: 501 })).rejects.toBeInstanceOf(ValidationException);
  });

  it('sees records appended after the first page on the next first page, not in later pages', async () => {
    const p1 = await log.query({ limit: 10 });
    await log.append(event(N + 1));
    const p2 = await log.query({ limit: 10, cursor: p1.nextCursor! });
    expect(p2.records[0]!.chain.seq).toBe(p1.records[9]!.chain.seq - 1);
    expect((await log.query({ limit: 1 })).records[0]!.chain.seq).toBe(N + 2);
  });
});

describe('group commit', () => {
  it('writes records appended while a write is in flight together, each resolving after its bytes are written', async () => {
    let writes = 0;
    const io: AuditFileIO = {
      ...nodeFileIO,
      async openSegment(path) {
        const w = await nodeFileIO.openSegment(path);
        return { ...w, initialSize: w.initialSize, writeAt: (d, p) => { writes++; return w.writeAt(d, p); } };
      },
    };
    const log = await openLog({ io, segmentRecords: 40 });
    const records = await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(event(i))));
    expect(records.map((r) => r.chain.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(writes).toBeLessThan(20); // far fewer writes than records, across three segments
    expect(await log.verify()).toMatchObject({ ok: true, checked: 100 });
  });

  it('a failed group write rejects every record in it and the chain continues from the committed head', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io });
    await log.append(event(0));
    fail.write = 1;
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => log.append(event(i + 1))));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AuditWriteException); // filtered on status
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(log.size).toBe(1 + ok);
    await log.append(event(99));
    expect(await log.verify()).toMatchObject({ ok: true, checked: 2 + ok });
  });
});
