/**
 * Verification of the hash chain: the full walk behind verify(), and open()'s check of the
 * tail records' hashes.
 */
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import { chainHash } from './chain.js';
import type { AuditVerifyOptions, ChainBreak } from './log-types.js';
import type { LogReader } from './query.js';
import type { RecordIndex } from './record-index.js';
import { verifyOffThread } from './verify-runner.js';
import type { VerifySnapshot } from './verify-walk.js';

export type { VerifySnapshot } from './verify-walk.js';

/**
 * Walk the whole chain in `dir`, streaming segment by segment in a worker thread
 * (verify-runner.ts, verify-walk.ts), and report the first record that was edited (hash
 * mismatch), removed or reordered (seq gap, prevHash mismatch), cannot be read, or is
 * missing from the end (against the anchor or the snapshot's head). `checked` counts the
 * records that passed before the first failure; `options.onProgress(checked, total)` is
 * called as the walk goes.
 */
export async function verifyChain(dir: string, snap: VerifySnapshot, options: AuditVerifyOptions): Promise<AuditVerifyResult> {
  return verifyOffThread({ dir, snap, anchor: options.anchor }, options.onProgress);
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
    if (chainHash(r) !== r.chain.hash) bad = { seq: r.chain.seq, reason: `record ${r.chain.seq} was changed (hash mismatch)` };
  }
  return bad; // records are newest first, so the last mismatch seen is the oldest
}
