/**
 * Sidecar index files: the index rows of a full segment, saved beside it so that open()
 * loads them instead of JSON-parsing every line (`segment-000001.jsonl` ->
 * `segment-000001.idx`). A full segment is never written again (appends go only to the
 * newest), so its rows never change.
 *
 * A sidecar is an optimisation, never a source of truth. It is used only when it is intact
 * (its own SHA-256 trailer), of this version, for this segment number, and matches the
 * segment file: the same byte size, and the segment's real first and last lines (read and
 * parsed at open) have the seq, prevHash / hash, event name, time, flags and key refs the
 * sidecar records. Anything else and open() rebuilds the rows from the lines and rewrites it.
 *
 * Why not the SHA-256 of the whole segment file: checking it means reading and hashing the
 * whole log at every start (about 1.5 s a GB at the ~700 MB/s SHA-256 runs without CPU
 * SHA extensions, plus a cold read of every byte), which is most of what the sidecar is
 * there to save. The size plus the real end lines catch every accident (truncation, a
 * segment restored or swapped from another log, a rewrite that moves bytes) and any
 * tampering that changes a length. An edit that keeps every byte offset cannot be seen
 * without reading the bytes: it is verify()'s job, which re-reads and re-hashes every real
 * line and never looks at a sidecar. Query results always come from the real lines too;
 * only which lines an index filter selects could be stale, exactly as for a segment edited
 * while the app runs. The chain itself is never taken from a sidecar: open() links each
 * segment's real first line to the previous segment's real last line.
 *
 * Format (version 1, little-endian; typed-array columns are written in platform byte
 * order, so sidecars are written and read only on little-endian hosts, which is every
 * platform Electron ships for):
 *
 *   offset  size   field
 *   0       8      magic "KWAUDIDX"
 *   8       4      u32 version (1)
 *   12      4      u32 reserved (0)
 *   16      8      f64 segment number
 *   24      8      f64 segment byte size
 *   32      4      u32 count (records, >= 1)
 *   36      4      u32 keyData length (key refs over all records)
 *   40      4      u32 nameTable length
 *   44      4      u32 keyTable length
 *   48      32     prevHash of the first record (raw bytes)
 *   80      32     hash of the last record (raw bytes)
 *   112            f64 seqs[count], f64 offsets[count], f64 times[count],
 *                  u32 lengths[count], u32 names[count], u32 keyStart[count + 1],
 *                  u32 keyData[keyData length], u8 flags[count] (bit 0 error, bit 1 readOnly),
 *                  nameTable then keyTable: each string as u32 byte length + UTF-8 bytes
 *   end-32  32     SHA-256 of every byte before it
 *
 * About 37 bytes a record plus 4 per key ref (~2 MB for a 50,000-record segment).
 * Written atomically: temp file, fsync, rename, directory fsync.
 */
import { promises as fsp } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../src-shared/audit.js';
import { sha256 } from '../crypto/hash.js';
import { equalBytes } from '../crypto/random.js';
import { writeFileDurably } from '../platform/durable-write.js';
import { type FsPort, nodeFs } from '../platform/fs.js';
import { parseStoredRecord } from './chain.js';
import { FLAG_ERROR, FLAG_READ_ONLY, indexEntryOf, type SegmentColumns } from './index-entry.js';
import { segmentPath } from './segment-io.js';

export const SIDECAR_VERSION = 1;
const MAGIC = Buffer.from('KWAUDIDX', 'latin1');
const HEADER = 112;
const TRAILER = 32;
const HASH_RE = /^[0-9a-f]{64}$/;
/** Typed-array columns are raw platform-order bytes: only little-endian hosts use sidecars. */
const SUPPORTED = endianness() === 'LE';

export interface SegmentIndexData {
  segment: number;
  /** Byte size of the segment file (every line, each with its newline). */
  size: number;
  firstPrevHash: string;
  lastHash: string;
  cols: SegmentColumns;
}

export function sidecarName(n: number): string {
  return `segment-${String(n).padStart(6, '0')}.idx`;
}

export function sidecarPath(dir: string, n: number): string {
  return join(dir, sidecarName(n));
}

const bytesOf = (a: Float64Array | Uint32Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function strings(table: string[]): Buffer[] {
  const out: Buffer[] = [];
  for (const s of table) {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.allocUnsafe(4);
    len.writeUInt32LE(b.length, 0);
    out.push(len, b);
  }
  return out;
}

/** The sidecar bytes, or undefined when these rows cannot be stored (see SUPPORTED). */
export function encodeSidecar(d: SegmentIndexData): Buffer | undefined {
  if (!SUPPORTED || !HASH_RE.test(d.firstPrevHash) || !HASH_RE.test(d.lastHash) || d.cols.count < 1) return undefined;
  const c = d.cols;
  const head = Buffer.alloc(HEADER);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(SIDECAR_VERSION, 8);
  head.writeDoubleLE(d.segment, 16);
  head.writeDoubleLE(d.size, 24);
  head.writeUInt32LE(c.count, 32);
  head.writeUInt32LE(c.keyData.length, 36);
  head.writeUInt32LE(c.nameTable.length, 40);
  head.writeUInt32LE(c.keyTable.length, 44);
  Buffer.from(d.firstPrevHash, 'hex').copy(head, 48);
  Buffer.from(d.lastHash, 'hex').copy(head, 80);
  const body = Buffer.concat([
    head,
    bytesOf(c.seqs), bytesOf(c.offsets), bytesOf(c.times),
    bytesOf(c.lengths), bytesOf(c.names), bytesOf(c.keyStart), bytesOf(c.keyData), bytesOf(c.flags),
    ...strings(c.nameTable), ...strings(c.keyTable),
  ]);
  return Buffer.concat([body, sha256(body)]);
}

/** Copy `count` elements of a column out of `buf` (copies, so alignment never matters). */
function column<A extends Float64Array | Uint32Array | Uint8Array>(buf: Buffer, at: number, out: A): A {
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(buf.subarray(at, at + out.byteLength));
  return out;
}

/**
 * Decode and check a sidecar's own consistency: returns the data, or why it cannot be used.
 * Checks everything later code relies on (ids in range, rows tiling the file), so a sidecar
 * that passes cannot make a query read outside the segment.
 */
export function decodeSidecar(buf: Buffer, segment: number): SegmentIndexData | string {
  if (!SUPPORTED) return 'big-endian host';
  if (buf.length < HEADER + TRAILER || !buf.subarray(0, 8).equals(MAGIC)) return 'not a sidecar index';
  const version = buf.readUInt32LE(8);
  if (version !== SIDECAR_VERSION) return `version ${version}`;
  const body = buf.subarray(0, buf.length - TRAILER);
  if (!equalBytes(sha256(body), buf.subarray(buf.length - TRAILER))) return 'checksum mismatch';
  if (buf.readDoubleLE(16) !== segment) return 'for another segment';
  const size = buf.readDoubleLE(24);
  const count = buf.readUInt32LE(32);
  const keyLen = buf.readUInt32LE(36);
  const nameCount = buf.readUInt32LE(40);
  const keyCount = buf.readUInt32LE(44);
  const fixed = HEADER + count * 33 + (count + 1) * 4 + keyLen * 4;
  if (count < 1 || !Number.isSafeInteger(size) || fixed > body.length) return 'malformed';
  let at = HEADER;
  const take = <A extends Float64Array | Uint32Array | Uint8Array>(out: A): A => {
    const col = column(buf, at, out);
    at += out.byteLength;
    return col;
  };
  const seqs = take(new Float64Array(count));
  const offsets = take(new Float64Array(count));
  const times = take(new Float64Array(count));
  const lengths = take(new Uint32Array(count));
  const names = take(new Uint32Array(count));
  const keyStart = take(new Uint32Array(count + 1));
  const keyData = take(new Uint32Array(keyLen));
  const flags = take(new Uint8Array(count));
  const table = (n: number): string[] | undefined => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (at + 4 > body.length) return undefined;
      const len = body.readUInt32LE(at);
      if (at + 4 + len > body.length) return undefined;
      out.push(body.toString('utf8', at + 4, at + 4 + len));
      at += 4 + len;
    }
    return out;
  };
  const nameTable = table(nameCount);
  const keyTable = table(keyCount);
  if (!nameTable || !keyTable || at !== body.length) return 'malformed';
  // Rows must be the lines of a clean segment: consecutive seqs, lines tiling the file.
  let next = 0;
  for (let i = 0; i < count; i++) {
    if (seqs[i] !== seqs[0]! + i || offsets[i] !== next || names[i]! >= nameCount || flags[i]! > 3) return 'malformed';
    if (keyStart[i + 1]! < keyStart[i]!) return 'malformed';
    next += lengths[i]! + 1;
  }
  if (!Number.isSafeInteger(seqs[0]) || seqs[0]! < 1 || next !== size || keyStart[0] !== 0 || keyStart[count] !== keyLen) return 'malformed';
  for (let k = 0; k < keyLen; k++) if (keyData[k]! >= keyCount) return 'malformed';
  return {
    segment,
    size,
    firstPrevHash: buf.toString('hex', 48, 80),
    lastHash: buf.toString('hex', 80, 112),
    cols: { count, seqs, offsets, times, lengths, names, flags, keyStart, keyData, nameTable, keyTable },
  };
}

/** Whether row i of the sidecar describes `rec` (the real line at that row's offset). */
function rowMatches(c: SegmentColumns, i: number, rec: AuditRecord, segment: number): boolean {
  const e = indexEntryOf(rec, segment, c.offsets[i]!, c.lengths[i]!);
  const time = Number.isNaN(e.time) ? 0 : e.time;
  const flags = (e.isError ? FLAG_ERROR : 0) | (e.readOnly ? FLAG_READ_ONLY : 0);
  if (e.seq !== c.seqs[i] || time !== c.times[i] || flags !== c.flags[i] || e.eventName.toLowerCase() !== c.nameTable[c.names[i]!]) return false;
  const refs: string[] = [];
  for (let k = c.keyStart[i]!; k < c.keyStart[i + 1]!; k++) refs.push(c.keyTable[c.keyData[k]!]!);
  return refs.length === e.keyRefs.length && refs.every((r, j) => r === e.keyRefs[j]);
}

export type LoadedSegmentIndex =
  | { ok: true; data: SegmentIndexData; first: AuditRecord; last: AuditRecord }
  | { ok: false; reason: string; exists: boolean };

/**
 * Load segment n's sidecar and check it against the segment file (size, and its real first
 * and last lines). `first` and `last` are those real records, for the caller's chain links.
 */
export async function loadSegmentIndex(dir: string, n: number): Promise<LoadedSegmentIndex> {
  let buf: Buffer;
  try {
    buf = await fsp.readFile(sidecarPath(dir, n));
  } catch {
    return { ok: false, reason: 'missing', exists: false };
  }
  const data = decodeSidecar(buf, n);
  if (typeof data === 'string') return { ok: false, reason: data, exists: true };
  const c = data.cols;
  const fh = await fsp.open(segmentPath(dir, n), 'r');
  try {
    if ((await fh.stat()).size !== data.size) return { ok: false, reason: 'segment size differs', exists: true };
    const line = async (i: number): Promise<AuditRecord | undefined> => {
      const len = c.lengths[i]!;
      const b = Buffer.allocUnsafe(len + 1);
      const { bytesRead } = await fh.read(b, 0, len + 1, c.offsets[i]!);
      if (bytesRead !== len + 1 || b[len] !== 10) return undefined;
      const rec = parseStoredRecord(b.toString('utf8', 0, len));
      return rec && rowMatches(c, i, rec, n) ? rec : undefined;
    };
    const first = await line(0);
    const last = c.count === 1 ? first : await line(c.count - 1);
    if (!first || !last) return { ok: false, reason: 'segment lines differ', exists: true };
    if (first.chain.prevHash !== data.firstPrevHash || last.chain.hash !== data.lastHash) {
      return { ok: false, reason: 'segment chain differs', exists: true };
    }
    return { ok: true, data, first, last };
  } finally {
    await fh.close();
  }
}

/**
 * Write `bytes` as segment n's sidecar durably (platform/durable-write.ts: temporary file,
 * fsync, rename, directory fsync); the temporary file is removed if a step fails.
 */
export async function writeSidecar(dir: string, n: number, bytes: Uint8Array, fs: FsPort = nodeFs): Promise<void> {
  await writeFileDurably(fs, sidecarPath(dir, n), bytes, { removeTmpOnFailure: true });
}

/** Remove a sidecar that no longer matches and cannot be rewritten (best effort). */
export async function removeSidecar(dir: string, n: number): Promise<void> {
  await fsp.rm(sidecarPath(dir, n), { force: true }).catch(() => undefined);
}
