import { promises as fsp } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit.js';
import { AuditWriteException } from '../../src-shared/kms/errors.js';
import { canonicalJson, chainHash } from './chain.js';
import { nodeFileIO, type AuditFileIO } from './segment-io.js';
import { type AuditLog } from './store.js';
import { event, flakyIO, useAuditDir } from './_test-kit.js';

const kit = useAuditDir();
const { openLog, fill, seg, lines } = kit;
async function writeLines(n: number, ls: string[]): Promise<void> {
  await fsp.writeFile(seg(n), ls.map((l) => `${l}\n`).join(''));
}

describe('AuditLog: chain and segments', () => {
  it('verifies an intact log of 3,000 records across several segments', async () => {
    const log = await openLog({ segmentRecords: 700 });
    const recs = await fill(log, 0, 3000);
    expect(recs.map((r) => r.chain.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect((await fsp.readdir(kit.dir)).filter((f) => f.endsWith('.jsonl')).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `segment-00000${n}.jsonl`));
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
          r.chain.hash = chainHash(r) ?? ''; // an unkeyed record always has a SHA-256 hash
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
