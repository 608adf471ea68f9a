/**
 * File access for audit segments. Writes go through the file-system port (platform/fs.ts)
 * so tests can inject failures; reads use node:fs directly.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type FileWriter, type FsPort, nodeFs } from '../platform/fs.js';

/** An open segment: the platform's positional file writer. */
export type SegmentWriter = FileWriter;

/**
 * The part of the file-system port the audit writer uses; tests inject failures through it.
 * `openSegment` is FsPort.openWriter, `syncDir` is FsPort.fsyncDir.
 */
export interface AuditFileIO {
  /** Open (creating if needed) a segment for writing. */
  openSegment(path: string): Promise<SegmentWriter>;
  /** Make a new directory entry durable (best effort where the OS cannot). */
  syncDir(dir: string): Promise<void>;
}

/** The audit view of a file-system port (default: the real one). */
export function auditIoOf(fs: FsPort = nodeFs): AuditFileIO {
  return { openSegment: (path) => fs.openWriter(path), syncDir: (dir) => fs.fsyncDir(dir) };
}

export const nodeFileIO: AuditFileIO = auditIoOf(nodeFs);

const SEGMENT_RE = /^segment-(\d{6,})\.jsonl$/;

export function segmentName(n: number): string {
  return `segment-${String(n).padStart(6, '0')}.jsonl`;
}

export function segmentPath(dir: string, n: number): string {
  return join(dir, segmentName(n));
}

/** Segment numbers present in `dir`, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await fsp.readdir(dir);
  const out: number[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

const CHUNK = 1 << 20;

export interface ScanResult {
  /** Bytes scanned (the file size, or `limit`). */
  size: number;
  /** Offset of trailing bytes with no newline (a torn or partial line), if any. */
  unterminatedAt?: number;
}

/**
 * Stream a file line by line without loading it whole. `onLine` gets a view of the line's
 * bytes (without the newline, valid only during the call) and its offset; returning false
 * stops the scan.
 */
export async function scanLines(
  path: string,
  limit: number | undefined,
  onLine: (line: Buffer, offset: number) => boolean | void,
): Promise<ScanResult> {
  const fh = await fsp.open(path, 'r');
  try {
    const size = limit ?? (await fh.stat()).size;
    let buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0; // bytes of an unfinished line at the start of buf
    let carryOffset = 0; // file offset of buf[0]
    let pos = 0;
    while (pos < size) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const want = Math.min(buf.length - carry, size - pos);
      const { bytesRead } = await fh.read(buf, carry, want, pos);
      if (bytesRead === 0) break; // the file shrank under us; stop at what exists
      pos += bytesRead;
      const end = carry + bytesRead;
      const view = buf.subarray(0, end);
      let start = 0;
      let nl = view.indexOf(10, carry);
      while (nl >= 0) {
        if (onLine(view.subarray(start, nl), carryOffset + start) === false) return { size };
        start = nl + 1;
        nl = view.indexOf(10, start);
      }
      carry = end - start;
      if (carry > 0) buf.copy(buf, 0, start, end);
      carryOffset += start;
    }
    return carry > 0 ? { size: pos, unterminatedAt: carryOffset } : { size: pos };
  } finally {
    await fh.close();
  }
}

/** Read bytes [start, end) of a file. */
export async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const fh = await fsp.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await fh.read(buf, done, buf.length - done, start + done);
      if (bytesRead === 0) throw new Error(`unexpected end of ${path} at ${start + done}`);
      done += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}
