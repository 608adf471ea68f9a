/**
 * The full walk behind verify(): streams every segment line by line (segment-io.ts scanLines,
 * 1 MiB reads), checks each line over its own bytes (verify-line.ts: seq, link, SHA-256 or
 * HMAC-SHA256 under the audit key) and applies the integrity rules to each record and at the
 * end (integrity-rules.ts: digests, the vault's witness, unkeyed records where the key was
 * held, acknowledged breaks). Memory stays flat whatever the log's size. It runs in a worker
 * thread (verify-runner.ts) or, where no worker can start, in the calling thread; the result
 * is the same.
 *
 * The rules run here, inside the walk, rather than on the main thread from per-record tuples:
 * they need only the digests, the witness and the key (all cloneable), and then nothing
 * crosses between threads per record, only progress every PROGRESS_EVERY records.
 */
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import type { ChainKey } from './chain.js';
import { GENESIS_HASH } from './chain.js';
import type { DigestLine } from './digest.js';
import { type IntegrityProblem, IntegrityRules } from './integrity-rules.js';
import type { AuditHead, ChainBreak } from './log-types.js';
import { listSegments, scanLines, segmentName, segmentPath } from './segment-io.js';
import { LineChecker } from './verify-line.js';
import type { WitnessState } from './witness.js';

/** What is committed at the start of a walk; records appended during it are not covered. */
export interface VerifySnapshot {
  /** Records in the index. */
  total: number;
  head: AuditHead;
  /** The segment being written and its committed size (bytes past it are not yet acknowledged). */
  current: { number: number; size: number } | undefined;
  lastSegment: number;
}

/**
 * One walk: the log's folder, what is committed, and what the rules check against (read by
 * the caller when the walk is asked for, so the digests match the snapshot). Plain data, so
 * it can be given to a worker (structured clone).
 */
export interface VerifyJob {
  dir: string;
  snap: VerifySnapshot;
  /** digests.jsonl as read at the snapshot. */
  digests: readonly DigestLine[];
  /** The 32-byte audit key, or undefined (keyed records then cannot be checked). */
  key?: ChainKey;
  /** The vault's witness of the head. */
  witness?: WitnessState | undefined;
  /** An older vault's anchor without a digest number (checked as a head only). */
  anchor?: AuditHead | undefined;
  /** This process's run, when verifying the live log. */
  current?: { run: string; openedAt: number } | undefined;
  /** Problem keys a person acknowledged. */
  acknowledged?: ReadonlySet<string> | undefined;
}

/** Records between progress reports. */
export const PROGRESS_EVERY = 10_000;

/**
 * Walk the whole chain of `job.dir` and report the first record that was edited (hash or MAC
 * mismatch), removed or reordered (seq gap, prevHash mismatch), cannot be read, is sealed with
 * a key not held, breaks an integrity rule, or is missing from the end (against the snapshot's
 * head, the digests and the witness). Acknowledged problems are passed over and listed.
 * `checked` counts the records that passed before the first failure. `onProgress(checked,
 * total)` is called every PROGRESS_EVERY records and once at the end.
 * Throws only for I/O failures (an unreadable folder).
 */
export async function walkChain(job: VerifyJob, onProgress?: (checked: number, total: number) => void): Promise<AuditVerifyResult> {
  const { dir, snap, key } = job;
  const { total, head, current: cur, lastSegment } = snap;
  const numbers = (await listSegments(dir)).filter((n) => n <= lastSegment);
  const ack = job.acknowledged;
  const rules = new IntegrityRules({ key, digests: job.digests, witness: job.witness, legacyAnchor: job.anchor, current: job.current, acknowledged: ack });
  const lc = new LineChecker(key);

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let bad: (ChainBreak & { key?: string }) | undefined;
  const pinSeq = head.seq > 0 ? head.seq : -1;
  /** A chain problem at this record: acknowledged ones are passed over (the walk resyncs). */
  const chainProblem = (seq: number, reason: string): boolean => {
    const p: IntegrityProblem = { seq, key: `record:${seq}`, reason };
    if (ack?.has(p.key)) {
      rules.passed.push(p);
      return false;
    }
    bad = p;
    return true;
  };

  try {
    for (const n of numbers) {
      const scan = await scanLines(segmentPath(dir, n), cur && n === cur.number ? cur.size : undefined, (line, offset) => {
        const st = lc.check(line, expectedSeq, prevHash);
        if (st === 'unreadable') {
          if (chainProblem(expectedSeq, `record ${expectedSeq} cannot be read (${segmentName(n)}, byte ${offset})`)) return false;
          expectedSeq++;
          return true;
        }
        if (st === 'key-not-held') {
          bad = { seq: expectedSeq, reason: `record ${expectedSeq} is sealed with the audit key, which is not available (unlock the vault to verify)` };
          return false;
        }
        if (st === 'broken' && chainProblem(expectedSeq, lc.reason)) return false;
        const ruled = rules.recordTag(lc.seq, lc.hash, lc.keyed);
        if (ruled) {
          bad = ruled;
          return false;
        }
        if (pinSeq === lc.seq && head.hash !== lc.hash) {
          bad = { seq: expectedSeq, reason: `record ${expectedSeq} differs from the recorded head (hash mismatch)` };
          return false;
        }
        expectedSeq = lc.seq + 1;
        prevHash = lc.hash;
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
  } finally {
    lc.wipe();
  }
  if (!bad && expectedSeq - 1 < head.seq) {
    bad = { seq: expectedSeq, reason: `records ${expectedSeq} to ${head.seq} are missing from the end of the log` };
  }
  bad ??= rules.end(expectedSeq - 1) ?? rules.digestProblem;
  onProgress?.(checked, total);
  const extra = {
    ...(rules.valid.length > 0 ? { digests: rules.valid.length } : {}),
    ...(rules.unkeyedAllowed > 0 ? { unkeyedAfterKey: rules.unkeyedAllowed } : {}),
    ...(rules.passed.length > 0 ? { acknowledged: rules.passed.map((p) => ({ key: p.key, reason: p.reason })) } : {}),
  };
  if (!bad) return { ok: true, checked, ...extra };
  return { ok: false, checked, firstBadSeq: bad.seq, reason: bad.reason, ...(bad.key ? { problemKey: bad.key } : {}), ...extra };
}
