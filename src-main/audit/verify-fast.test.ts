/**
 * The fast verifier: the line-level check agrees with the full rule (parse, re-encode,
 * hash or MAC) on intact and tampered lines, unkeyed and keyed, and the walk (with the
 * integrity rules) runs in a worker thread with progress.
 */
import { promises as fsp } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random.js';
import { type ChainKey, GENESIS_HASH, sealRecordLine } from './chain.js';
import { event, useAuditDir } from './_test-kit.js';
import { lastVerifyThread } from './verify-runner.js';
import type { WitnessPort, WitnessState } from './witness.js';
import { checkStoredLine, readLineChain } from './verify-line.js';

function lines(n: number, key?: ChainKey): { line: Buffer; prevHash: string; hash: string }[] {
  const out: { line: Buffer; prevHash: string; hash: string }[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const s = sealRecordLine(event(i), i, prev, key);
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
      expect(checkStoredLine(l.line, i + 1, l.prevHash)).toEqual({ ok: true, hash: l.hash });
    }
  });

  it('finds an edited byte anywhere in the line, and a wrong seq or link', () => {
    const [l] = lines(1);
    const s = l!.line.toString('latin1');
    for (let at = 0; at < s.length; at += 7) {
      const b = Buffer.from(l!.line);
      b[at] = b[at] === 0x41 ? 0x42 : 0x41; // one byte changed
      expect(checkStoredLine(b, 1, l!.prevHash).ok).toBe(false);
    }
    expect(checkStoredLine(l!.line, 2, l!.prevHash)).toMatchObject({ ok: false, reason: expect.stringMatching(/found 1/) });
    expect(checkStoredLine(l!.line, 1, 'f'.repeat(64))).toMatchObject({ ok: false, reason: expect.stringMatching(/prevHash/) });
    expect(checkStoredLine(Buffer.from('{"x":1}'), 1, l!.prevHash)).toMatchObject({ ok: false, unreadable: true });
  });

  it('refuses a non-canonical chain member on the fast path (the full rule decides)', () => {
    const [l] = lines(1);
    const padded = Buffer.from(l!.line.toString('latin1').replace('"seq":1}', '"seq":01}'), 'latin1');
    expect(readLineChain(padded)).toBeUndefined();
    expect(checkStoredLine(padded, 1, l!.prevHash).ok).toBe(false);
  });

  it('checks keyed lines by their MAC on the fast path: an edit, another key, or no key fails', () => {
    const key = randomBytes(32);
    const ls = lines(30, key);
    for (const [i, l] of ls.entries()) {
      expect(readLineChain(l.line)).toMatchObject({ seq: i + 1, prevHash: l.prevHash, hash: l.hash, keyed: true });
      expect(checkStoredLine(l.line, i + 1, l.prevHash, key)).toEqual({ ok: true, hash: l.hash });
    }
    const l = ls[4]!;
    const s = l.line.toString('latin1');
    for (let at = 0; at < s.length; at += 5) {
      const b = Buffer.from(l.line);
      b[at] = b[at] === 0x41 ? 0x42 : 0x41;
      expect(checkStoredLine(b, 5, l.prevHash, key).ok).toBe(false);
    }
    expect(checkStoredLine(l.line, 5, l.prevHash, randomBytes(32))).toMatchObject({ ok: false, reason: 'record 5 was changed or forged (MAC mismatch)' });
    expect(checkStoredLine(l.line, 5, l.prevHash)).toMatchObject({ ok: false, reason: expect.stringMatching(/audit key, which is not available/) });
    // Dropping "alg" to pass the line off as SHA-256 changes the hashed body: it fails either way.
    const downgraded = Buffer.from(s.replace('"alg":"HMAC-SHA256",', ''), 'latin1');
    expect(readLineChain(downgraded)).toMatchObject({ keyed: false });
    expect(checkStoredLine(downgraded, 5, l.prevHash, key)).toMatchObject({ ok: false, reason: 'record 5 was changed (hash mismatch)' });
  });

  it('gives the full rule\'s words where the fast path declines (wrong seq or link on a keyed line)', () => {
    const key = randomBytes(32);
    const [a, b] = lines(2, key);
    expect(checkStoredLine(b!.line, 3, a!.hash, key)).toMatchObject({ ok: false, reason: 'expected record 3, found 2: records were reordered or duplicated' });
    expect(checkStoredLine(b!.line, 2, GENESIS_HASH, key)).toMatchObject({ ok: false, reason: 'record 2 does not link to record 1 (prevHash mismatch): one of them was changed' });
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

  it('walks a keyed chain in a worker with the integrity rules, leaves the caller\'s key as it was, and finds a MAC mismatch', async () => {
    const key = randomBytes(32);
    let state: WitnessState | undefined;
    const witness: WitnessPort = { record: async (tag) => void (state = { tag: { ...tag }, position: (state?.position ?? 0) + 1 }), latest: () => state };
    const log = await kit.openLog({ segmentRecords: 5_000, syncIntervalMs: 0, witness });
    await log.setKey(key.slice());
    await Promise.all(Array.from({ length: 12_000 }, (_, i) => log.append(event(i))));
    const progress: number[] = [];
    const copy = key.slice();
    const res = await log.verify({ key, witness: state, onProgress: (c) => progress.push(c) });
    expect(res).toMatchObject({ ok: true, checked: 12_000, digests: expect.any(Number) });
    expect(lastVerifyThread).toBe('worker');
    expect(progress).toEqual([10_000, 12_000]);
    expect(key).toEqual(copy); // the worker zeroed its own copy, not this one
    await log.close();

    const seg = kit.seg(2);
    const text = await fsp.readFile(seg, 'latin1');
    await fsp.writeFile(seg, text.replace('"req-7000"', '"req-7001"'), 'latin1');
    const again = await kit.openLog({ segmentRecords: 5_000 });
    expect(await again.verify({ key, witness: state })).toMatchObject({ ok: false, firstBadSeq: 7_001, checked: 7_000, reason: 'record 7001 was changed or forged (MAC mismatch)' });
    expect(lastVerifyThread).toBe('worker');
    expect(await again.verify({ witness: state })).toMatchObject({ ok: false, firstBadSeq: 1, reason: expect.stringMatching(/audit key, which is not available/) });
  }, 90_000);
});

