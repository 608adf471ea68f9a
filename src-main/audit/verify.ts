/**
 * Verification of the hash chain: the full walk behind verify(), run in a worker thread with
 * progress (verify-runner.ts, verify-walk.ts: each line checked over its own bytes, keyed or
 * not, and the integrity rules of integrity-rules.ts), and open()'s check of the tail
 * records' hashes.
 */
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import { chainHash, isKeyed } from './chain.js';
import { readDigests } from './digest.js';
import type { AuditVerifyOptions, ChainBreak } from './log-types.js';
import type { LogReader } from './query.js';
import type { RecordIndex } from './record-index.js';
import { verifyOffThread } from './verify-runner.js';
import type { VerifySnapshot } from './verify-walk.js';

export type { VerifySnapshot } from './verify-walk.js';

/**
 * Walk the whole chain in `dir` off the main thread, streaming segment by segment, and report
 * the first record that was edited (hash or MAC mismatch), removed or reordered (seq gap,
 * prevHash mismatch), cannot be read, breaks an integrity rule (digests, witness, unkeyed
 * records), or is missing from the end (against the anchor, the digests or the snapshot's
 * head). `checked` counts the records that passed before the first failure.
 * digests.jsonl is read now, so it matches the snapshot taken by the caller.
 * Rejects with an Error when the log cannot be read.
 */
export async function verifyChain(dir: string, snap: VerifySnapshot, options: AuditVerifyOptions): Promise<AuditVerifyResult> {
  const digests = (await readDigests(dir)).lines;
  const job = {
    dir,
    snap,
    digests,
    key: options.key,
    witness: options.witness,
    anchor: options.anchor,
    current: options.current,
    acknowledged: options.acknowledged,
  };
  return verifyOffThread(job, options.onProgress);
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
