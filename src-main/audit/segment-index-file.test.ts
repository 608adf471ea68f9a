import { describe, expect, it } from 'vitest';
import { RecordIndex } from './record-index.js';
import { decodeSidecar, encodeSidecar, SIDECAR_VERSION, type SegmentIndexData } from './segment-index-file.js';

/** An index over two segments of lines of 100 bytes (+ newline), with names, keys and flags. */
function sample(): RecordIndex {
  const ix = new RecordIndex();
  for (let i = 0; i < 300; i++) {
    const seg = i < 100 ? 1 : 2;
    const pos = seg === 1 ? i : i - 100;
    ix.add({
      seq: i + 1, segment: seg, offset: pos * 101, length: 100, time: i % 17 === 0 ? Number.NaN : 1_000_000 + i,
      eventName: ['Encrypt', 'Decrypt', 'CréerClé'][i % 3]!, keyRefs: i % 4 === 0 ? [] : [`k${i % 5}`, ...(i % 2 ? ['alias/x'] : [])],
      isError: i % 5 === 0, readOnly: i % 7 === 0,
    });
  }
  return ix;
}

const HASH_A = 'a'.repeat(64);
const HASH_B = '0123456789abcdef'.repeat(4);

function data(ix: RecordIndex): SegmentIndexData {
  return { segment: 2, size: 200 * 101, firstPrevHash: HASH_A, lastHash: HASH_B, cols: ix.columnsOf(100, 200) };
}

describe('sidecar index format', () => {
  it('round-trips a segment into an index with identical rows', () => {
    const ix = sample();
    const bytes = encodeSidecar(data(ix))!;
    expect(bytes.length).toBeLessThan(200 * 50);
    const back = decodeSidecar(bytes, 2);
    if (typeof back === 'string') throw new Error(back);
    expect([back.size, back.firstPrevHash, back.lastHash]).toEqual([200 * 101, HASH_A, HASH_B]);

    // Segment 1 added line by line, segment 2 from the sidecar: the same index as `ix`.
    const rebuilt = new RecordIndex();
    for (let i = 0; i < 100; i++) rebuilt.add(ix.entry(i));
    rebuilt.addColumns(2, back.cols);
    expect(rebuilt.count).toBe(ix.count);
    for (let i = 0; i < ix.count; i++) expect(rebuilt.entry(i)).toEqual(ix.entry(i));
    expect(rebuilt.countEvents(0, 2e6, new Set(['decrypt', 'créerclé']))).toEqual(ix.countEvents(0, 2e6, new Set(['decrypt', 'créerclé'])));
    const f = { nameId: rebuilt.nameId('decrypt')!, keyRefId: rebuilt.keyRefId('K3')!, outcome: 'success' as const };
    const g = { nameId: ix.nameId('decrypt')!, keyRefId: ix.keyRefId('K3')!, outcome: 'success' as const };
    expect(Array.from({ length: 300 }, (_, i) => rebuilt.matches(i, f))).toEqual(Array.from({ length: 300 }, (_, i) => ix.matches(i, g)));
  });

  it('rejects a truncated, altered, foreign or other-version file', () => {
    const bytes = encodeSidecar(data(sample()))!;
    expect(decodeSidecar(bytes.subarray(0, bytes.length - 10), 2)).toBe('checksum mismatch');
    expect(decodeSidecar(bytes.subarray(0, 50), 2)).toBe('not a sidecar index');
    const flipped = Buffer.from(bytes);
    flipped[500] = flipped[500]! ^ 1;
    expect(decodeSidecar(flipped, 2)).toBe('checksum mismatch');
    const v2 = Buffer.from(bytes);
    v2.writeUInt32LE(SIDECAR_VERSION + 1, 8);
    expect(decodeSidecar(v2, 2)).toBe(`version ${SIDECAR_VERSION + 1}`);
    expect(decodeSidecar(bytes, 3)).toBe('for another segment');
  });

  it('rejects well-checksummed rows that could not come from a clean segment', () => {
    const good = data(sample());
    const bad = (edit: (d: SegmentIndexData) => void): string | SegmentIndexData => {
      const d = { ...good, cols: { ...good.cols, seqs: good.cols.seqs.slice(), offsets: good.cols.offsets.slice(), names: good.cols.names.slice(), keyData: good.cols.keyData.slice() } };
      edit(d);
      return decodeSidecar(encodeSidecar(d)!, 2);
    };
    expect(bad((d) => { d.cols.seqs[5] = 1; })).toBe('malformed'); // seqs not consecutive
    expect(bad((d) => { d.cols.offsets[5] = 7; })).toBe('malformed'); // lines do not tile the file
    expect(bad((d) => { d.size += 1; })).toBe('malformed');
    expect(bad((d) => { d.cols.names[0] = 99; })).toBe('malformed'); // name id out of range
    expect(bad((d) => { d.cols.keyData[0] = 99; })).toBe('malformed'); // key id out of range
    expect(typeof bad(() => undefined)).toBe('object');
  });
});
