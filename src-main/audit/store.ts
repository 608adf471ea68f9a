/**
 * The audit log: hash-chained records in append-only segment files, with an in-memory
 * index for queries. This file is the facade; the work is done by recovery.ts (open, torn
 * tail, sidecar rebuild), writer.ts (append, group commit, segment roll, fsync policy),
 * query.ts (filter and page) and verify.ts (the chain walk).
 *
 * On disk: `<dir>/segment-000001.jsonl`, `segment-000002.jsonl`, ... Each line is the
 * canonical JSON of one sealed record (chain.ts). A segment holds `segmentRecords` records
 * (default 50,000) and is never written again once the next one starts.
 *
 * Fail closed: append() resolves only after the line is written; if it cannot be, it throws
 * AuditWriteException and the chain head does not move, so the caller refuses the operation.
 *
 * Durability (fsync policy): append() resolves after write(2), so an acknowledged record
 * survives a crash of the app, and an fdatasync runs at most `syncIntervalMs` (default
 * 200 ms) later, on roll-over, on flush() and on close(). An OS crash or power loss can
 * therefore lose up to that window of acknowledged records, at the tail only (the chain
 * stays verifiable). fsync per record would cost a disk flush per KMS call (ms each on many
 * SSDs, far more on laptops' power-saving disks), capping the API at a few hundred calls a
 * second; `syncIntervalMs: 0` selects it for deployments that want it. A failed background
 * fsync puts the log in a failed state: every later append is refused until it is reopened,
 * since the kernel may have dropped the unsynced pages (see PostgreSQL's "fsyncgate").
 *
 * Sidecar index files: each full segment gets `segment-000001.idx` beside it, holding its
 * index rows (segment-index-file.ts), written in the background when the log rolls to the
 * next segment, and by open() for a full segment that lacks a usable one. open() loads those
 * and parses only the current (last) segment's lines. A sidecar is never a source of truth:
 * one that is missing, damaged, of another version or that does not match its segment is
 * rebuilt from the lines; deleting them is harmless. Failing to write one is reported
 * through `onWarning`, never fatal.
 *
 * Torn tail: a crash mid-write can leave a last line without its newline. That record was
 * never acknowledged (append resolves only after the newline is written), so the operation
 * it described was refused; open() truncates those bytes and reports how many
 * (openReport.truncatedBytes). Unreadable complete lines are never removed: verify()
 * reports them.
 */
import type { AuditPage, AuditQuery, AuditRecord, AuditVerifyResult } from '../../src-shared/audit.js';
import { anInteger } from '../../src-shared/guards.js';
import { nodeFs } from '../platform/fs.js';
import type { UnsealedRecord } from './chain.js';
import type { AuditIntent, RecordTag } from './intent.js';
import {
  type AuditHead, type AuditIndexReport, type AuditLogOptions, type AuditOpenReport, type AuditVerifyOptions, DEFAULTS,
} from './log-types.js';
import { hasRecordAt } from './has-record.js';
import { LogReader } from './query.js';
import type { RecordIndex } from './record-index.js';
import { recoverLog } from './recovery.js';
import { nodeFileIO } from './segment-io.js';
import { checkTailHashes, verifyChain } from './verify.js';
import { IntegrityController, type WriterIntegrityHook } from './integrity.js';
import type { IntegrityProblem } from './integrity-rules.js';
import type { ChainKey } from './chain.js';
import { LogWriter } from './writer.js';

export type { AuditHead, AuditIndexReport, AuditLogOptions, AuditOpenReport, AuditVerifyOptions };

function positiveInt(v: unknown, label: string, min: number): number {
  anInteger(v, label, min);
  return v;
}

export class AuditLog {
  private constructor(
    private readonly dir: string,
    private readonly index: RecordIndex,
    private readonly writer: LogWriter,
    private readonly reader: LogReader,
    /** What open() found: torn tail, unreadable lines, tail check. */
    readonly openReport: AuditOpenReport,
    private readonly integrity: IntegrityController,
  ) {}

  /** Open (creating if needed) the log in `dir`: index every segment and check the tail. */
  static async open(dir: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    if (typeof dir !== 'string' || !dir) throw new TypeError('"dir" expected a non-empty string');
    const segmentRecords = positiveInt(options.segmentRecords ?? DEFAULTS.segmentRecords, 'segmentRecords', 1);
    const syncIntervalMs = positiveInt(options.syncIntervalMs ?? DEFAULTS.syncIntervalMs, 'syncIntervalMs', 0);
    const tailCheckRecords = positiveInt(options.tailCheckRecords ?? DEFAULTS.tailCheckRecords, 'tailCheckRecords', 0);
    const io = options.io ?? nodeFileIO;
    const fs = options.fs ?? nodeFs;
    const warn = options.onWarning ?? ((m: string) => console.warn(`keyward: audit: ${m}`));

    const r = await recoverLog(dir, io, fs, warn);
    const { index } = r;
    const ref: { c?: IntegrityController } = {};
    const hook: WriterIntegrityHook = { key: () => ref.c?.key(), afterBatch: (b) => ref.c?.afterBatch(b) };
    const writer = new LogWriter(dir, segmentRecords, syncIntervalMs, io, fs, index, r.head, r.current, r.lastSegment, warn, hook);
    const reader = new LogReader(dir, index);
    const integrity = await IntegrityController.open({
      dir, io, witness: options.witness, warn, now: options.now ?? (() => new Date()),
      everyRecords: positiveInt(options.digestEveryRecords ?? 1_000, 'digestEveryRecords', 1),
      everyMs: positiveInt(options.digestEveryMs ?? 60_000, 'digestEveryMs', 1),
      flush: () => writer.flush(),
      exclusive: (fn) => writer.exclusive(fn),
      head: () => writer.head,
      readFrom: async (seq) => (await reader.readPositions(positionsFrom(index, seq))).reverse(),
    }, r.head.seq);
    ref.c = integrity;
    const log = new AuditLog(dir, index, writer, reader, {
      segments: r.segments,
      records: index.count,
      truncatedBytes: r.truncatedBytes,
      unreadableLines: r.unreadableLines,
      tail: { ok: true, checked: index.count },
      index: r.indexReport,
    }, integrity);
    const tailBad = await checkTailHashes(reader, index, tailCheckRecords);
    const first = [r.broken, tailBad].filter((b) => b !== undefined).sort((a, b) => a.seq - b.seq)[0];
    if (first) log.openReport.tail = { ok: false, checked: index.count, firstBadSeq: first.seq, reason: first.reason };
    return log;
  }

  /** The last record's seq and hash (seq 0 and the genesis hash when empty). */
  get head(): AuditHead {
    return this.writer.head;
  }

  /** Records in the log. */
  get size(): number {
    return this.index.count;
  }

  /**
   * Count records in [from, to] (ms) whose event name is in `eventNames` (lowercase), in total
   * and per key reference. Reads only the in-memory index (cost estimates).
   */
  countEvents(q: { from: number; to: number; eventNames: ReadonlySet<string> }): { total: number; byKey: Map<string, number> } {
    return this.index.countEvents(q.from, q.to, q.eventNames);
  }

  /**
   * Seal `event` into the chain and write it. Resolves once the line is written (see the
   * fsync policy above). Concurrent calls are serialised in call order. With an `intent`
   * (a vault change, intent.ts): its prepare() runs before the line is written, the line is
   * fdatasynced before this resolves, then the intent commits.
   * @throws AuditWriteException when the record cannot be written; the chain is unchanged
   *   and the intent (with those of every record after it) aborted.
   */
  append(event: UnsealedRecord, intent?: AuditIntent): Promise<AuditRecord> {
    return this.writer.append(event, intent);
  }

  /**
   * True if the record at `tag.seq` is in the log with hash `tag.hash` (reconciling a pending
   * vault change at open, intent.ts). Reads one line.
   */
  async hasRecord(tag: RecordTag): Promise<boolean> {
    return hasRecordAt(this.dir, this.index, tag);
  }

  /** fsync what has been written. @throws AuditWriteException if the flush fails. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Flush and close. Later appends throw AuditWriteException. Idempotent. */
  async close(): Promise<void> {
    await this.integrity.close();
    await this.writer.close();
  }

  /**
   * Give the log the vault's audit key (unlock) or take it away (lock, or `close` when the
   * service stops). Records are sealed with HMAC-SHA256 while a key is held. Setting it
   * writes an `unlock` digest and checks the log's tail against the digests and the
   * witness; dropping it writes a `lock`/`close` digest first (integrity.ts).
   * @returns the first problem the check found (not acknowledged), if any.
   */
  setKey(key: ChainKey, why: 'lock' | 'close' = 'lock', acknowledged?: ReadonlySet<string>): Promise<IntegrityProblem | undefined> {
    return this.integrity.setKey(key, why, acknowledged);
  }

  /**
   * Filter and page the log, newest first. Index filters (time, eventName, keyId, outcome)
   * run in memory; only matching lines are read. `text` streams the candidate lines newest
   * first in large reads and stops once the page is full.
   * @throws ValidationException for a malformed query or cursor.
   */
  query(input: AuditQuery): Promise<AuditPage> {
    return this.reader.query(input);
  }

  /**
   * Walk the whole chain, streaming segment by segment, and report the first record that was
   * edited (hash mismatch), removed or reordered (seq gap, prevHash mismatch), cannot be
   * read, or is missing from the end (against the anchor or this process's head).
   * `checked` counts the records that passed before the first failure.
   */
  verify(options: AuditVerifyOptions = {}): Promise<AuditVerifyResult> {
    // Snapshot what is committed now; records appended during the walk are not covered.
    const w = this.writer;
    const opts = { ...options, key: options.key ?? this.integrity.key(), current: options.current ?? this.integrity.current };
    return verifyChain(this.dir, { total: this.index.count, head: w.head, current: w.currentSegment, lastSegment: w.lastSegment }, opts);
  }
}

/** Index positions of the records from `seq` on, newest first as readPositions wants (at most 200,000). */
function positionsFrom(index: RecordIndex, seq: number): number[] {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.seq(mid) < seq) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = index.count - 1; i >= Math.max(lo, index.count - 200_000); i--) out.push(i);
  return out;
}
