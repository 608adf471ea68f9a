/**
 * The compact in-memory index over every audit record: columns in typed arrays (about 40
 * bytes a record plus interned strings), so filters scan memory and only matching lines
 * are read from disk. Built on open, extended on append.
 */
import { BLOCK, BlockSummaries } from './index-blocks.js';
import { Column, f64, u32, u8 } from './index-column.js';
import {
  FLAG_ERROR, FLAG_READ_ONLY, type IndexEntry, type IndexFilter, normaliseKeyRef, type SegmentColumns,
} from './index-entry.js';

export {
  FLAG_ERROR, FLAG_READ_ONLY, type IndexEntry, type IndexFilter, indexEntryOf, normaliseKeyRef, recordKeyRefs, type SegmentColumns,
} from './index-entry.js';

export class RecordIndex {
  private readonly seqs = new Column(f64(1024), f64);
  private readonly segments = new Column(u32(1024), u32);
  private readonly offsets = new Column(f64(1024), f64);
  private readonly lengths = new Column(u32(1024), u32);
  private readonly times = new Column(f64(1024), f64);
  private readonly names = new Column(u32(1024), u32);
  private readonly errors = new Column(u8(1024), u8);
  private readonly readOnlys = new Column(u8(1024), u8);
  /** keyStart[i]..keyStart[i+1] index keyData for record i (CSR layout). */
  private readonly keyStart = new Column(u32(1025), u32);
  private readonly keyData = new Column(u32(1024), u32);
  private readonly nameIds = new Map<string, number>();
  private readonly keyIds = new Map<string, number>();
  private readonly blocks = new BlockSummaries();

  constructor() {
    this.keyStart.push(0);
  }

  get count(): number {
    return this.seqs.length;
  }

  /**
   * Size the columns for `rows` records naming `keyRefs` key references in all, so an index
   * of millions of rows built in one go holds no doubling slack (a hint: it may grow past it).
   */
  reserve(rows: number, keyRefs: number): void {
    for (const c of [this.seqs, this.segments, this.offsets, this.lengths, this.times, this.names, this.errors, this.readOnlys]) c.reserve(rows);
    this.keyStart.reserve(rows + 1);
    this.keyData.reserve(keyRefs);
  }

  add(e: IndexEntry): void {
    this.seqs.push(e.seq);
    this.segments.push(e.segment);
    this.offsets.push(e.offset);
    this.lengths.push(e.length);
    const time = Number.isNaN(e.time) ? 0 : e.time;
    const name = intern(this.nameIds, e.eventName.toLowerCase());
    this.times.push(time);
    this.names.push(name);
    this.blocks.add(time, name, e.isError, e.readOnly);
    this.errors.push(e.isError ? 1 : 0);
    this.readOnlys.push(e.readOnly ? 1 : 0);
    for (const k of e.keyRefs) this.keyData.push(intern(this.keyIds, k));
    this.keyStart.push(this.keyData.length);
  }

  /**
   * Add a segment's rows in bulk (a sidecar index file), mapping its string ids to this
   * index's. Equivalent to add() for each row; the caller has checked the columns' shape.
   */
  addColumns(segment: number, c: SegmentColumns): void {
    const nameMap = c.nameTable.map((name) => intern(this.nameIds, name));
    const keyMap = c.keyTable.map((ref) => intern(this.keyIds, ref));
    const names = new Uint32Array(c.count);
    const errors = new Uint8Array(c.count);
    const readOnlys = new Uint8Array(c.count);
    for (let i = 0; i < c.count; i++) {
      names[i] = nameMap[c.names[i]!]!;
      const f = c.flags[i]!;
      errors[i] = f & FLAG_ERROR ? 1 : 0;
      readOnlys[i] = f & FLAG_READ_ONLY ? 1 : 0;
    }
    this.blocks.addMany(c.count, c.times, names, errors, readOnlys);
    const keyData = new Uint32Array(c.keyData.length);
    for (let k = 0; k < keyData.length; k++) keyData[k] = keyMap[c.keyData[k]!]!;
    const base = this.keyData.length;
    const keyStart = new Uint32Array(c.count);
    for (let i = 0; i < c.count; i++) keyStart[i] = base + c.keyStart[i + 1]!;
    this.seqs.pushAll(c.seqs);
    this.segments.pushAll(new Uint32Array(c.count).fill(segment));
    this.offsets.pushAll(c.offsets);
    this.lengths.pushAll(c.lengths);
    this.times.pushAll(c.times);
    this.names.pushAll(names);
    this.errors.pushAll(errors);
    this.readOnlys.pushAll(readOnlys);
    this.keyData.pushAll(keyData);
    this.keyStart.pushAll(keyStart);
  }

  /** Rows [start, start + count) as segment columns with their own string tables. */
  columnsOf(start: number, count: number): SegmentColumns {
    const allNames = [...this.nameIds.keys()]; // ids were given in insertion order
    const allKeys = [...this.keyIds.keys()];
    const nameLocal = new Map<number, number>();
    const keyLocal = new Map<number, number>();
    const nameTable: string[] = [];
    const keyTable: string[] = [];
    const local = (map: Map<number, number>, table: string[], all: string[], id: number): number => {
      let l = map.get(id);
      if (l === undefined) {
        l = table.length;
        map.set(id, l);
        table.push(all[id]!);
      }
      return l;
    };
    const end = start + count;
    const names = new Uint32Array(count);
    const flags = new Uint8Array(count);
    const keyStart = new Uint32Array(count + 1);
    const k0 = this.keyStart.data[start]!;
    const keyData = new Uint32Array(this.keyStart.data[end]! - k0);
    for (let i = 0; i < count; i++) {
      const p = start + i;
      names[i] = local(nameLocal, nameTable, allNames, this.names.data[p]!);
      flags[i] = (this.errors.data[p] ? FLAG_ERROR : 0) | (this.readOnlys.data[p] ? FLAG_READ_ONLY : 0);
      keyStart[i + 1] = this.keyStart.data[p + 1]! - k0;
    }
    for (let k = 0; k < keyData.length; k++) keyData[k] = local(keyLocal, keyTable, allKeys, this.keyData.data[k0 + k]!);
    return {
      count,
      seqs: this.seqs.data.slice(start, end),
      offsets: this.offsets.data.slice(start, end),
      times: this.times.data.slice(start, end),
      lengths: this.lengths.data.slice(start, end),
      names,
      flags,
      keyStart,
      keyData,
      nameTable,
      keyTable,
    };
  }

  /** Row i as an entry (eventName lowercase, keyRefs normalised), for comparisons. */
  entry(i: number): IndexEntry {
    const names = [...this.nameIds.keys()];
    const keys = [...this.keyIds.keys()];
    const refs: string[] = [];
    for (let k = this.keyStart.data[i]!; k < this.keyStart.data[i + 1]!; k++) refs.push(keys[this.keyData.data[k]!]!);
    return {
      seq: this.seq(i),
      segment: this.segment(i),
      offset: this.offset(i),
      length: this.length(i),
      time: this.times.data[i]!,
      eventName: names[this.names.data[i]!]!,
      keyRefs: refs,
      isError: this.errors.data[i] === 1,
      readOnly: this.readOnlys.data[i] === 1,
    };
  }

  seq(i: number): number {
    return this.seqs.data[i]!;
  }
  segment(i: number): number {
    return this.segments.data[i]!;
  }
  offset(i: number): number {
    return this.offsets.data[i]!;
  }
  length(i: number): number {
    return this.lengths.data[i]!;
  }

  /** The id of an event name (case-insensitive), or undefined when no record has it. */
  nameId(name: string): number | undefined {
    return this.nameIds.get(name.toLowerCase());
  }

  /** The id of a key reference, or undefined when no record names it. */
  keyRefId(ref: string): number | undefined {
    return this.keyIds.get(normaliseKeyRef(ref));
  }

  /** Positions [0, result) hold records with seq below `seq` (seqs ascend in an intact log). */
  countBelowSeq(seq: number): number {
    let lo = 0;
    let hi = this.count;
    const s = this.seqs.data;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The highest position <= i that passes `f` (whole blocks that cannot match are skipped), or -1. */
  prevMatch(i: number, f: IndexFilter): number {
    while (i >= 0) {
      const start = i - (i % BLOCK);
      if (this.blocks.mayMatch(start / BLOCK, f)) {
        for (; i >= start; i--) if (this.matches(i, f)) return i;
      }
      i = start - 1;
    }
    return -1;
  }

  /** Whether row i passes `f`. */
  matches(i: number, f: IndexFilter): boolean {
    if (f.nameId !== undefined && this.names.data[i] !== f.nameId) return false;
    if (f.nameIdsIn && !f.nameIdsIn.has(this.names.data[i]!)) return false;
    if (f.nameIdsOut?.has(this.names.data[i]!)) return false;
    if (f.outcome !== undefined && (this.errors.data[i] === 1) !== (f.outcome === 'error')) return false;
    if (f.readOnly !== undefined && (this.readOnlys.data[i] === 1) !== f.readOnly) return false;
    const t = this.times.data[i]!;
    if (f.from !== undefined && t < f.from) return false;
    if (f.to !== undefined && t > f.to) return false;
    if (f.keyRefId !== undefined) {
      const end = this.keyStart.data[i + 1]!;
      let hit = false;
      for (let k = this.keyStart.data[i]!; k < end; k++) {
        if (this.keyData.data[k] === f.keyRefId) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    return true;
  }

  /** Ids of the (lowercase) event names that start with `prefix` (lowercase). */
  nameIdsWithPrefix(prefix: string): Set<number> {
    const ids = new Set<number>();
    for (const [name, id] of this.nameIds) if (name.startsWith(prefix)) ids.add(id);
    return ids;
  }

  /** Records in [from, to] whose (lowercase) event name is in `names`: total and per key ref. */
  countEvents(from: number, to: number, names: ReadonlySet<string>): { total: number; byKey: Map<string, number> } {
    const ids = new Set<number>();
    for (const [name, id] of this.nameIds) if (names.has(name)) ids.add(id);
    const keyNames = [...this.keyIds.keys()];
    const byKey = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      const t = this.times.data[i]!;
      if (t < from || t > to || !ids.has(this.names.data[i]!)) continue;
      total += 1;
      const seen = new Set<number>();
      for (let k = this.keyStart.data[i]!; k < this.keyStart.data[i + 1]!; k++) {
        const kid = this.keyData.data[k]!;
        if (seen.has(kid)) continue;
        seen.add(kid);
        const ref = keyNames[kid]!;
        // Count a request once per key: refs that are aliases are not keys.
        if (!ref.startsWith('alias/')) byKey.set(ref, (byKey.get(ref) ?? 0) + 1);
      }
    }
    return { total, byKey };
  }

  /** Approximate bytes held, for the lead's notes. */
  get byteSize(): number {
    return [this.seqs, this.segments, this.offsets, this.lengths, this.times, this.names, this.errors, this.readOnlys, this.keyStart, this.keyData]
      .reduce((n, c) => n + c.data.byteLength, this.blocks.byteSize);
  }
}

function intern(map: Map<string, number>, s: string): number {
  let id = map.get(s);
  if (id === undefined) {
    id = map.size;
    map.set(s, id);
  }
  return id;
}
