/**
 * Opening the audit log: index every segment (from its sidecar index file when one matches,
 * else from its lines), check the chain links on the way, rebuild missing or stale sidecars,
 * and cut a torn last line (store.ts explains each case).
 */
import { promises as fsp } from 'node:fs';
import type { FsPort } from '../platform/fs.js';
import { checkLink, GENESIS_HASH, parseStoredRecord } from './chain.js';
import { type AuditHead, type AuditIndexReport, type ChainBreak, type Current, sidecarWarning } from './log-types.js';
import { indexEntryOf } from './index-entry.js';
import { RecordIndex } from './record-index.js';
import { encodeSidecar, loadSegmentIndex, removeSidecar, writeSidecar } from './segment-index-file.js';
import { type AuditFileIO, listSegments, scanLines, segmentName, segmentPath } from './segment-io.js';

/** What recovery found; the log starts from it. */
export interface Recovered {
  index: RecordIndex;
  head: AuditHead;
  /** The last segment, open for writing (undefined for an empty log). */
  current: Current | undefined;
  lastSegment: number;
  segments: number;
  truncatedBytes: number;
  unreadableLines: number;
  indexReport: AuditIndexReport;
  /** The first broken link seen while indexing (verify() finds the same and more). */
  broken: ChainBreak | undefined;
}

/** Index the log in `dir` (created if missing) and open its last segment for writing. */
export async function recoverLog(dir: string, io: AuditFileIO, fs: FsPort, warn: (message: string) => void): Promise<Recovered> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const numbers = await listSegments(dir);
  const lastNumber = numbers.length > 0 ? numbers[numbers.length - 1]! : 0;
  const index = new RecordIndex();
  const indexReport: AuditIndexReport = { sidecarsLoaded: 0, sidecarsRejected: 0, sidecarsWritten: 0, linesParsed: 0 };
  let head: AuditHead = { seq: 0, hash: GENESIS_HASH };
  let broken: ChainBreak | undefined;
  let unreadable = 0;
  let lastRecords = 0;
  let lastSize = 0;
  let lastClean = true;
  let lastFirstPos = 0;
  let lastFirstPrevHash: string | undefined;
  let tornAt: number | undefined;
  /** Full, clean segments that need a sidecar (written below). */
  const toWrite: { n: number; firstPos: number; records: number; size: number; firstPrevHash: string; lastHash: string }[] = [];

  for (const n of numbers) {
    if (n !== lastNumber) {
      // A full segment: its sidecar, if it matches the segment's real size and end lines.
      const side = await loadSegmentIndex(dir, n);
      if (side.ok) {
        indexReport.sidecarsLoaded++;
        indexReport.linesParsed += side.data.cols.count === 1 ? 1 : 2;
        if (!broken) {
          const why = checkLink(side.first, head.seq + 1, head.hash, false);
          if (why) broken = { seq: head.seq + 1, reason: why };
        }
        // Full segments hold the same number of records: size the columns once for all of them.
        if (index.count === 0) index.reserve(side.data.cols.count * numbers.length, side.data.cols.keyData.length * numbers.length);
        index.addColumns(n, side.data.cols);
        head = { seq: side.last.chain.seq, hash: side.last.chain.hash };
        continue;
      }
      if (side.exists) indexReport.sidecarsRejected++;
    }
    let records = 0;
    let clean = true;
    let prev: AuditHead | undefined;
    let firstPrevHash: string | undefined;
    const firstPos = index.count;
    const scan = await scanLines(segmentPath(dir, n), undefined, (line, offset) => {
      indexReport.linesParsed++;
      const rec = parseStoredRecord(line.toString('utf8'));
      if (!rec) {
        unreadable++;
        clean = false;
        broken ??= { seq: head.seq + 1, reason: `record ${head.seq + 1} cannot be read (${segmentName(n)}, byte ${offset})` };
        return;
      }
      if (!broken) {
        const why = checkLink(rec, head.seq + 1, head.hash, false);
        if (why) broken = { seq: head.seq + 1, reason: why };
      }
      if (prev === undefined) firstPrevHash = rec.chain.prevHash;
      else if (rec.chain.seq !== prev.seq + 1 || rec.chain.prevHash !== prev.hash) clean = false;
      prev = { seq: rec.chain.seq, hash: rec.chain.hash };
      index.add(indexEntryOf(rec, n, offset, line.length));
      head = { seq: rec.chain.seq, hash: rec.chain.hash };
      records++;
    });
    lastRecords = records;
    lastSize = scan.size;
    lastClean = clean;
    lastFirstPos = firstPos;
    lastFirstPrevHash = firstPrevHash;
    tornAt = undefined;
    if (scan.unterminatedAt !== undefined) {
      if (n === lastNumber) {
        tornAt = scan.unterminatedAt; // truncated below: the segment stays clean
      } else {
        unreadable++;
        clean = false;
        broken ??= { seq: head.seq + 1, reason: `${segmentName(n)} ends with a partial record` };
      }
    }
    if (n !== lastNumber) {
      if (clean && records > 0 && firstPrevHash !== undefined) {
        toWrite.push({ n, firstPos, records, size: scan.size, firstPrevHash, lastHash: head.hash });
      } else {
        await removeSidecar(dir, n); // a damaged segment: verify() reports it; no sidecar
      }
    }
  }

  for (const w of toWrite) {
    const bytes = encodeSidecar({ segment: w.n, size: w.size, firstPrevHash: w.firstPrevHash, lastHash: w.lastHash, cols: index.columnsOf(w.firstPos, w.records) });
    if (!bytes) continue;
    try {
      await writeSidecar(dir, w.n, bytes, fs);
      indexReport.sidecarsWritten++;
    } catch (e) {
      warn(sidecarWarning(w.n, e));
    }
  }

  let current: Current | undefined;
  let truncatedBytes = 0;
  if (lastNumber > 0) {
    const writer = await io.openSegment(segmentPath(dir, lastNumber));
    try {
      if (tornAt !== undefined) {
        truncatedBytes = lastSize - tornAt;
        await writer.truncate(tornAt);
        await writer.sync();
        lastSize = tornAt;
      }
    } catch (e) {
      await writer.close().catch(() => undefined);
      throw e;
    }
    current = {
      number: lastNumber, writer, size: lastSize, records: lastRecords, dirty: false,
      firstPos: lastFirstPos, firstPrevHash: lastFirstPrevHash, clean: lastClean,
    };
  }
  return {
    index, head, current, lastSegment: lastNumber, segments: numbers.length, truncatedBytes,
    unreadableLines: unreadable, indexReport, broken,
  };
}
