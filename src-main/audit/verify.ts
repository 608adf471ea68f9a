/**
 * Verification of the hash chain: the full walk behind verify(), and open()'s check of the
 * tail records' hashes. The rules beyond the chain links (digests, witness, unkeyed records)
 * are in integrity-rules.ts.
 */
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import { chainHash, checkLink, GENESIS_HASH, isKeyed, parseStoredRecord } from './chain.js';
import { readDigests } from './digest.js';
import { type IntegrityProblem, IntegrityRules } from './integrity-rules.js';
import type { AuditHead, AuditVerifyOptions, ChainBreak } from './log-types.js';
import type { LogReader } from './query.js';
import type { RecordIndex } from './record-index.js';
import { listSegments, scanLines, segmentName, segmentPath } from './segment-io.js';

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
 * Walk the whole chain in `dir`, streaming segment by segment, and report the first record
 * that was edited (hash mismatch), removed or reordered (seq gap, prevHash mismatch), cannot
 * be read, or is missing from the end (against the anchor or the snapshot's head).
 * `checked` counts the records that passed before the first failure.
 */
export async function verifyChain(dir: string, snap: VerifySnapshot, options: AuditVerifyOptions): Promise<AuditVerifyResult> {
  const { total, head, current: cur, lastSegment } = snap;
  const numbers = (await listSegments(dir)).filter((n) => n <= lastSegment);
  const digestFile = await readDigests(dir);
  const rules = new IntegrityRules({
    key: options.key,
    digests: digestFile.lines,
    witness: options.witness,
    legacyAnchor: options.anchor,
    current: options.current,
    acknowledged: options.acknowledged,
  });

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let bad: (ChainBreak & { key?: string }) | undefined;
  const pins = [head].filter((p) => p.seq > 0);
  const ack = options.acknowledged;
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

  for (const n of numbers) {
    const scan = await scanLines(segmentPath(dir, n), cur && n === cur.number ? cur.size : undefined, (line, offset) => {
      const rec = parseStoredRecord(line.toString('utf8'));
      if (!rec) {
        if (chainProblem(expectedSeq, `record ${expectedSeq} cannot be read (${segmentName(n)}, byte ${offset})`)) return false;
        expectedSeq++;
        return true;
      }
      if (isKeyed(rec) && !options.key) {
        bad = { seq: expectedSeq, reason: `record ${expectedSeq} is sealed with the audit key, which is not available (unlock the vault to verify)` };
        return false;
      }
      const why = checkLink(rec, expectedSeq, prevHash, true, options.key);
      if (why && chainProblem(expectedSeq, why)) return false;
      const ruled = rules.record(rec);
      if (ruled) {
        bad = ruled;
        return false;
      }
      for (const pin of pins) {
        if (pin.seq === rec.chain.seq && pin.hash !== rec.chain.hash) {
          bad = { seq: expectedSeq, reason: `record ${expectedSeq} differs from the recorded head (hash mismatch)` };
          return false;
        }
      }
      expectedSeq = rec.chain.seq;
      prevHash = rec.chain.hash;
      expectedSeq++;
      checked++;
      if (options.onProgress && checked % 10_000 === 0) options.onProgress(checked, total);
      return true;
    });
    if (bad) break;
    if (scan.unterminatedAt !== undefined) {
      bad = { seq: expectedSeq, reason: `${segmentName(n)} ends with a partial record at byte ${scan.unterminatedAt}` };
      break;
    }
  }
  if (!bad && expectedSeq - 1 < head.seq) {
    bad = { seq: expectedSeq, reason: `records ${expectedSeq} to ${head.seq} are missing from the end of the log` };
  }
  bad ??= rules.end(expectedSeq - 1) ?? rules.digestProblem;
  options.onProgress?.(checked, total);
  const extra = {
    ...(rules.valid.length > 0 ? { digests: rules.valid.length } : {}),
    ...(rules.unkeyedAllowed > 0 ? { unkeyedAfterKey: rules.unkeyedAllowed } : {}),
    ...(rules.passed.length > 0 ? { acknowledged: rules.passed.map((p) => ({ key: p.key, reason: p.reason })) } : {}),
  };
  if (!bad) return { ok: true, checked, ...extra };
  return { ok: false, checked, firstBadSeq: bad.seq, reason: bad.reason, ...(bad.key ? { problemKey: bad.key } : {}), ...extra };
}

/** Recompute the hashes of the last `count` records (open's tail check); the oldest mismatch, if any. */
export async function checkTailHashes(reader: LogReader, index: RecordIndex, count: number): Promise<ChainBreak | undefined> {
  const n = index.count;
  const positions: number[] = [];
  for (let i = n - 1; i >= Math.max(0, n - count); i--) positions.push(i);
  const records = await reader.readPositions(positions);
  if (records.length !== positions.length) {
    return { seq: index.seq(positions[positions.length - 1] ?? 0), reason: 'a tail record changed while opening' };
  }
  let bad: ChainBreak | undefined;
  for (const r of records) {
    if (isKeyed(r)) continue; // checked with the key once the vault is unlocked (integrity.ts)
    if (chainHash(r) !== r.chain.hash) bad = { seq: r.chain.seq, reason: `record ${r.chain.seq} was changed (hash mismatch)` };
  }
  return bad; // records are newest first, so the last mismatch seen is the oldest
}
