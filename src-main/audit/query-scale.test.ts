/**
 * The pieces that keep queries fast at scale agree with the plain definitions: block
 * skipping (index-blocks.ts) finds exactly the rows a row-by-row scan finds, and the byte
 * finder (text-find.ts) finds exactly what a lowercased copy and indexOf find.
 */
import { describe, expect, it } from 'vitest';
import type { IndexFilter } from './index-entry.js';
import { BLOCK } from './index-blocks.js';
import { RecordIndex } from './record-index.js';
import { asciiFinder } from './text-find.js';

const NAMES = ['Encrypt', 'Decrypt', 'DescribeKey', 'ScheduleKeyDeletion'];

function buildIndex(n: number): RecordIndex {
  const ix = new RecordIndex();
  for (let i = 0; i < n; i++) {
    // A rare name every 5,000 rows, errors every 3,001, a clock that jumps back once.
    const name = i % 5000 === 17 ? NAMES[3]! : NAMES[i % 3]!;
    const time = 1_000_000 + (i < n / 2 ? i : i - n / 4) * 1000;
    ix.add({ seq: i + 1, segment: 1, offset: i * 10, length: 9, time, eventName: name, keyRefs: [`k${i % 7}`], isError: i % 3001 === 0, readOnly: name !== NAMES[3] });
  }
  return ix;
}

function naive(ix: RecordIndex, i: number, f: IndexFilter): number {
  for (; i >= 0; i--) if (ix.matches(i, f)) return i;
  return -1;
}

describe('RecordIndex.prevMatch', () => {
  const n = BLOCK * 6 + 123;
  const ix = buildIndex(n);
  const filters: IndexFilter[] = [
    {},
    { nameId: ix.nameId('ScheduleKeyDeletion')! },
    { outcome: 'error' },
    { readOnly: false },
    { from: 1_000_000 + 1000 * 100, to: 1_000_000 + 1000 * 200 },
    { from: 1_000_000 + 1000 * (n / 2 - 10) },
    { to: 1_000_000 + 1000 * 10, nameId: ix.nameId('decrypt')! },
    { keyRefId: ix.keyRefId('k3')!, outcome: 'success' },
  ];
  it('finds every matching row, newest first, exactly as a row-by-row scan', () => {
    for (const f of filters) {
      const fast: number[] = [];
      const slow: number[] = [];
      for (let i = ix.prevMatch(n - 1, f); i >= 0; i = ix.prevMatch(i - 1, f)) fast.push(i);
      for (let i = naive(ix, n - 1, f); i >= 0; i = naive(ix, i - 1, f)) slow.push(i);
      expect(fast).toEqual(slow);
      expect(slow.length).toBeGreaterThan(0);
    }
  });

  it('gives the same answers when the rows arrive as sidecar columns, in uneven segments', () => {
    const bulk = new RecordIndex();
    for (let start = 0; start < n; start += 5000) bulk.addColumns(1 + start / 5000, ix.columnsOf(start, Math.min(5000, n - start)));
    for (const f of filters) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = ix.prevMatch(n - 1, f); i >= 0; i = ix.prevMatch(i - 1, f)) a.push(i);
      for (let i = bulk.prevMatch(n - 1, f); i >= 0; i = bulk.prevMatch(i - 1, f)) b.push(i);
      expect(b).toEqual(a);
    }
  });
});

describe('asciiFinder', () => {
  const text = 'x{"requestID":"REQ-000123","errorCode":"KMSInvalidStateException","k":"key/00ab-99"}\né{"m":"Pending deletion at 2026-01-02"}\n';
  const buf = Buffer.from(text, 'utf8');
  const all = (needle: string): number[] => {
    const find = asciiFinder(buf, needle);
    const out: number[] = [];
    for (let p = find(0); p >= 0; p = find(p + 1)) out.push(p);
    return out;
  };
  const expected = (needle: string): number[] => {
    const hay = buf.toString('latin1').toLowerCase();
    const out: number[] = [];
    for (let p = hay.indexOf(needle); p >= 0; p = hay.indexOf(needle, p + 1)) out.push(p);
    return out;
  };
  it('matches a lowercased copy, through both the anchored and the RegExp way', () => {
    for (const needle of ['req-000123', '000123', 'invalidstate', 'kmsinvalidstateexception', 'pending', 'at 2026-01-0', '"k":"key/00ab', 'e', 'nothere', '2026-01-03', '.', '[x]']) {
      expect(all(needle), needle).toEqual(expected(needle));
    }
    expect(all('req-000123')).toHaveLength(1);
    expect(all('invalidstate')).toHaveLength(1);
  });
  it('never matches an ASCII needle inside non-ASCII bytes', () => {
    const b = Buffer.from('\u00c9\u00e9 \u212a', 'utf8'); // É é, Kelvin sign
    expect(asciiFinder(b, 'k')(0)).toBe(-1);
    expect(asciiFinder(b, 'e')(0)).toBe(-1);
  });
});
