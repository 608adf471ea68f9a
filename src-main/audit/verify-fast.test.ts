/**
 * The fast verifier: the line-level check agrees with the full rule (parse, re-encode,
 * hash) on intact and tampered lines, and the walk runs in a worker thread with progress.
 */
import { promises as fsp } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealRecordLine } from './chain.js';
import { event, useAuditDir } from './_test-kit.js';
import { lastVerifyThread } from './verify-runner.js';
import { checkStoredLine, readLineChain, sha256LineHasher } from './verify-line.js';

function lines(n: number): { line: Buffer; prevHash: string; hash: string }[] {
  const out: { line: Buffer; prevHash: string; hash: string }[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const s = sealRecordLine(event(i), i, prev);
    out.push({ line: Buffer.from(s.line, 'utf8'), prevHash: prev, hash: s.record.chain.hash });
    prev = s.record.chain.hash;
  }
  return out;
}

describe('checkStoredLine', () => {
  it('recomputes the writer\'s hash over the line bytes, without parsing', () => {
    for (const [i, l] of lines(50).entries()) {
      const c = readLineChain(l.line);
      expect(c).toMatchObject({ seq: i + 1, prevHash: l.prevHash, hash: l.hash });
      expect(checkStoredLine(l.line, i + 1, l.prevHash, sha256LineHasher)).toEqual({ ok: true, hash: l.hash });
    }
  });

  it('finds an edited byte anywhere in the line, and a wrong seq or link', () => {
    const [l] = lines(1);
    const s = l!.line.toString('latin1');
    for (let at = 0; at < s.length; at += 7) {
      const b = Buffer.from(l!.line);
      b[at] = b[at] === 0x41 ? 0x42 : 0x41; // one byte changed
      expect(checkStoredLine(b, 1, l!.prevHash, sha256LineHasher).ok).toBe(false);
    }
    expect(checkStoredLine(l!.line, 2, l!.prevHash, sha256LineHasher)).toMatchObject({ ok: false, reason: expect.stringMatching(/found 1/) });
    expect(checkStoredLine(l!.line, 1, 'f'.repeat(64), sha256LineHasher)).toMatchObject({ ok: false, reason: expect.stringMatching(/prevHash/) });
    expect(checkStoredLine(Buffer.from('{"x":1}'), 1, l!.prevHash, sha256LineHasher)).toMatchObject({ ok: false, unreadable: true });
  });

  it('refuses a non-canonical chain member on the fast path (the full rule decides)', () => {
    const [l] = lines(1);
    const padded = Buffer.from(l!.line.toString('latin1').replace('"seq":1}', '"seq":01}'), 'latin1');
    expect(readLineChain(padded)).toBeUndefined();
    expect(checkStoredLine(padded, 1, l!.prevHash, sha256LineHasher).ok).toBe(false);
  });
});

describe('verify off the main thread', () => {
  const kit = useAuditDir();

  it('walks the chain in a worker, reports progress up to the total, and finds an edit', async () => {
    const log = await kit.openLog({ segmentRecords: 9_000 });
    await Promise.all(Array.from({ length: 21_000 }, (_, i) => log.append(event(i))));
    const progress: [number, number][] = [];
    expect(await log.verify({ onProgress: (c, t) => progress.push([c, t]) })).toEqual({ ok: true, checked: 21_000 });
    expect(lastVerifyThread).toBe('worker');
    expect(progress.map((p) => p[0])).toEqual([10_000, 20_000, 21_000]);
    expect(progress.every((p) => p[1] === 21_000)).toBe(true);
    await log.close();

    const seg = kit.seg(2);
    const text = await fsp.readFile(seg, 'latin1');
    await fsp.writeFile(seg, text.replace('"req-12000"', '"req-12001"'), 'latin1');
    const again = await kit.openLog({ segmentRecords: 9_000 });
    expect(await again.verify()).toMatchObject({ ok: false, firstBadSeq: 12_001, checked: 12_000, reason: expect.stringMatching(/12001 was changed/) });
  }, 90_000); // a loaded machine: 21,000 appends and a worker started through tsx
});
