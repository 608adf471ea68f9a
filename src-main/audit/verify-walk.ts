/**
 * The full chain walk behind verify(): streams every segment line by line (segment-io.ts
 * scanLines, 1 MiB reads) and checks each line over its own bytes (verify-line.ts), so memory
 * stays flat whatever the log's size. It runs in a worker thread (verify-runner.ts) or, where
 * no worker can start, in the calling thread; the result is the same.
 */
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import { GENESIS_HASH } from './chain.js';
import type { AuditHead, ChainBreak } from './log-types.js';
import { listSegments, scanLines, segmentName, segmentPath } from './segment-io.js';
import { checkStoredLine, type LineHasher, sha256LineHasher } from './verify-line.js';

/** What is committed at the start of a walk; records appended during it are not covered. */
export interface VerifySnapshot {
  /** Records in the index. */
  total: number;
  head: AuditHead;
  /** The segment being written and its committed size (bytes past it are not yet acknowledged). */
  current: { number: number; size: number } | undefined;
  lastSegment: number;
}

/** One walk: the log's folder, what is committed, and an optional head recorded elsewhere. */
export interface VerifyJob {
  dir: string;
  snap: VerifySnapshot;
  anchor?: AuditHead | undefined;
}

/** Records between progress reports. */
export const PROGRESS_EVERY = 10_000;

/**
 * Walk the whole chain of `job.dir`, streaming segment by segment, and report the first
 * record that was edited (hash mismatch), removed or reordered (seq gap, prevHash mismatch),
 * cannot be read, or is missing from the end (against the anchor or the snapshot's head).
 * `checked` counts the records that passed before the first failure. `onProgress(checked,
 * total)` is called every PROGRESS_EVERY records and once at the end.
 * Throws only for I/O failures (an unreadable folder).
 */
export async function walkChain(
  job: VerifyJob,
  onProgress?: (checked: number, total: number) => void,
  hasher: LineHasher = sha256LineHasher,
): Promise<AuditVerifyResult> {
  const { dir, snap, anchor } = job;
  const { total, head, current: cur, lastSegment } = snap;
  const numbers = (await listSegments(dir)).filter((n) => n <= lastSegment);

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let bad: ChainBreak | undefined;
  const pins = [head, ...(anchor ? [anchor] : [])].filter((p) => p.seq > 0);
  const pinSeqs = new Set(pins.map((p) => p.seq));

  for (const n of numbers) {
    const scan = await scanLines(segmentPath(dir, n), cur && n === cur.number ? cur.size : undefined, (line, offset) => {
      const v = checkStoredLine(line, expectedSeq, prevHash, hasher);
      if (!v.ok) {
        const reason = v.unreadable ? `record ${expectedSeq} cannot be read (${segmentName(n)}, byte ${offset})` : v.reason;
        bad = { seq: expectedSeq, reason };
        return false;
      }
      if (pinSeqs.has(expectedSeq)) {
        for (const pin of pins) {
          if (pin.seq === expectedSeq && pin.hash !== v.hash) {
            bad = { seq: expectedSeq, reason: `record ${expectedSeq} differs from the recorded head (hash mismatch)` };
            return false;
          }
        }
      }
      prevHash = v.hash;
      expectedSeq++;
      checked++;
      if (onProgress && checked % PROGRESS_EVERY === 0) onProgress(checked, total);
      return true;
    });
    if (bad) break;
    if (scan.unterminatedAt !== undefined) {
      bad = { seq: expectedSeq, reason: `${segmentName(n)} ends with a partial record at byte ${scan.unterminatedAt}` };
      break;
    }
  }
  const expectedLast = Math.max(head.seq, anchor?.seq ?? 0);
  if (!bad && checked < expectedLast) {
    bad = { seq: expectedSeq, reason: `records ${expectedSeq} to ${expectedLast} are missing from the end of the log` };
  }
  onProgress?.(checked, total);
  return bad ? { ok: false, checked, firstBadSeq: bad.seq, reason: bad.reason } : { ok: true, checked };
}
