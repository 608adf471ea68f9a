/**
 * The audit log's writer: appends in call order with group commit, rolls to a new segment
 * when one is full, fdatasyncs in the background (or per append), saves the sidecar index of
 * each full segment, and fails closed (store.ts states the durability policy).
 */
import type { AuditRecord } from '../../src-shared/audit.js';
import type { FsPort } from '../platform/fs.js';
import { SerialQueue } from '../platform/serial-queue.js';
import type { UnsealedRecord } from './chain.js';
import type { AuditIntent } from './intent.js';
import type { WriterIntegrityHook } from './integrity.js';
import { type AuditHead, type Current, describe, sidecarWarning, writeError } from './log-types.js';
import { indexEntryOf } from './index-entry.js';
import type { RecordIndex } from './record-index.js';
import { encodeSidecar, writeSidecar } from './segment-index-file.js';
import { type AuditFileIO, segmentName, segmentPath } from './segment-io.js';
import { anyIntent, commitAll, type PendingAppend, prepareAll, refuseAll, sealGroup } from './write-group.js';

/** Owns the chain head and the segment being written; every write runs in one serial queue. */
export class LogWriter {
  private readonly queue = new SerialQueue();
  /** Records waiting for the next group write (see writeBatch). */
  private readonly pending: PendingAppend[] = [];
  private batchQueued = false;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private unsynced = false;
  /** The background fdatasync in flight; it runs beside appends, not in their queue. */
  private syncing: Promise<void> | undefined;
  private failure: string | undefined;
  private closed = false;
  /** roll() is closing the current segment: background syncs wait for the next one. */
  private rolling = false;
  /** Sidecar writes started by roll(), one at a time; close() waits for them. */
  private readonly sidecarWork = new SerialQueue();

  constructor(
    private readonly dir: string,
    private readonly segmentRecords: number,
    private readonly syncIntervalMs: number,
    private readonly io: AuditFileIO,
    private readonly fs: FsPort,
    private readonly index: RecordIndex,
    private headState: AuditHead,
    private current: Current | undefined,
    private lastSegmentNumber: number,
    private readonly warn: (message: string) => void,
    private readonly hook?: WriterIntegrityHook,
  ) {}

  /** Run `fn` between batches (integrity.ts swaps the chain key there). */
  exclusive<T>(fn: () => T): Promise<T> { return this.queue.run(fn); }

  /** The last record's seq and hash (a copy). */
  get head(): AuditHead { return { ...this.headState }; }

  /** The segment being written and its committed size, if any. */
  get currentSegment(): { number: number; size: number } | undefined { return this.current ? { number: this.current.number, size: this.current.size } : undefined; }

  /** The highest segment number this writer has opened. */
  get lastSegment(): number { return this.lastSegmentNumber; }

  /**
   * Seal `event` into the chain and write it. Resolves once the line is written (see the
   * fsync policy in store.ts); with an `intent`, once it is also fdatasynced and the intent
   * committed (intent.ts). Concurrent calls are serialised in call order.
   * @throws AuditWriteException when the record cannot be written; the chain is unchanged
   *   and the intent aborted.
   */
  append(event: UnsealedRecord, intent?: AuditIntent): Promise<AuditRecord> {
    return new Promise<AuditRecord>((resolve, reject) => {
      this.pending.push({ event, intent, resolve, reject });
      if (!this.batchQueued) {
        this.batchQueued = true;
        void this.queue.run(() => this.writeBatch());
      }
    });
  }

  /**
   * Refuse `items` (chain order) with `why`. When that undoes a change (an intent), every
   * record queued after them is refused too: its call may have seen the change.
   */
  private refuse(items: PendingAppend[], why: string): void {
    const all = anyIntent(items) ? [...items, ...this.pending.splice(0)] : items;
    refuseAll(all, writeError(why));
  }

  /**
   * Group commit: every record appended while the previous write was in flight goes out in
   * one write(2), sealed in call order from the committed head. Each caller's promise still
   * resolves only after its own bytes are written, and a failed write rejects every record
   * in it, leaving the chain head where it was (fail closed). A group with intents: their
   * prepare() runs before the write, the group is fdatasynced, then they commit (intent.ts);
   * a failure refuses the failed record and every record after it, aborting their intents.
   */
  private async writeBatch(): Promise<void> {
    this.batchQueued = false;
    const batch = this.pending.splice(0);
    if (this.closed || this.failure) {
      this.refuse(batch, this.closed ? 'the audit log is closed' : `an earlier flush failed with ${this.failure}; reopen the audit log`);
      return;
    }
    let i = 0;
    while (i < batch.length) {
      let cur: Current;
      try {
        cur = await this.writableSegment();
      } catch (e) {
        this.refuse(batch.slice(i), describe(e));
        return;
      }
      // Seal as many as the segment still holds; a malformed event without an intent fails alone.
      const g = sealGroup(batch, i, Math.max(1, this.segmentRecords - cur.records), this.headState, this.hook?.key());
      let { sealed, head } = g;
      i = g.next;
      if (g.malformed) {
        this.refuse(batch.slice(g.malformed.at), g.malformed.why); // its change is undone: so is everything after it
        i = batch.length;
      }
      if (sealed.length === 0) continue;
      const withIntents = anyIntent(sealed.map((x) => x.p));
      if (withIntents) {
        const { failedAt, error } = await prepareAll(sealed);
        if (failedAt >= 0) { // same tick as the failure: abort it and everything after it
          this.refuse([...sealed.slice(failedAt).map((x) => x.p), ...batch.slice(i)], `the vault could not record the change: ${describe(error)}`);
          i = batch.length;
          sealed = sealed.slice(0, failedAt);
          if (sealed.length === 0) return;
          head = { seq: sealed[failedAt - 1]!.record.chain.seq, hash: sealed[failedAt - 1]!.record.chain.hash };
        }
      }
      const bytes = sealed.length === 1 ? sealed[0]!.line : Buffer.concat(sealed.map((x) => x.line));
      try {
        cur.dirty = true;
        await cur.writer.writeAt(bytes, cur.size);
        if (this.syncIntervalMs === 0 || withIntents) await cur.writer.sync();
        cur.dirty = false;
      } catch (e) {
        this.refuse([...sealed.map((x) => x.p), ...batch.slice(i)], describe(e)); // then take the lines back now:
        await cur.writer.truncate(cur.size).then(() => { cur.dirty = false; }, () => undefined);
        return;
      }
      for (const x of sealed) {
        if (cur.records === 0) cur.firstPrevHash = x.record.chain.prevHash;
        this.index.add(indexEntryOf(x.record, cur.number, cur.size, x.line.length - 1));
        cur.size += x.line.length;
        cur.records++;
      }
      this.headState = head;
      this.unsynced = !withIntents && this.syncIntervalMs > 0; // an fdatasync covers every earlier write
      if (this.unsynced) this.scheduleSync();
      commitAll(sealed);
      // Callers are answered once the integrity hook has seen the batch (its digest and witness for a change).
      const changes = withIntents || sealed.some((x) => !x.record.readOnly && x.record.errorCode === undefined);
      void Promise.resolve(this.hook?.afterBatch({ head, records: sealed.length, changes })).then(() => { for (const x of sealed) x.p.resolve(x.record); });
    }
  }

  /** The segment to write to: rolled when full, repaired after a failed write. */
  private async writableSegment(): Promise<Current> {
    if (!this.current || this.current.records >= this.segmentRecords) await this.roll();
    const cur = this.current!; // roll() sets it or throws
    if (cur.dirty) {
      await cur.writer.truncate(cur.size);
      cur.dirty = false;
    }
    return cur;
  }

  private async roll(): Promise<void> {
    const n = this.lastSegmentNumber + 1;
    const writer = await this.io.openSegment(segmentPath(this.dir, n));
    try {
      // A file left by an earlier failed roll is empty; anything else is not ours to overwrite.
      if (writer.initialSize !== 0) throw new Error(`${segmentName(n)} already holds data`);
      await this.io.syncDir(this.dir);
      const old = this.current;
      if (old) {
        // No background fdatasync may start on the old file while it is being closed (it
        // would fail with EBADF and put the log in the failed state).
        this.rolling = true;
        await this.syncing;
        if (old.dirty) await old.writer.truncate(old.size);
        await old.writer.sync();
        await old.writer.close().catch(() => undefined); // synced; a failed close loses nothing
      }
    } catch (e) {
      await writer.close().catch(() => undefined);
      throw e;
    } finally {
      this.rolling = false;
    }
    const old = this.current;
    this.current = { number: n, writer, size: 0, records: 0, dirty: false, firstPos: this.index.count, firstPrevHash: undefined, clean: true };
    this.lastSegmentNumber = n;
    this.unsynced = false;
    if (old) this.saveSidecar(old);
  }

  /**
   * Save a segment that just became full as a sidecar, in the background (an append never
   * waits for it, and a failure is only a warning: open() would rebuild it). The rows are
   * copied now; the segment's bytes were synced by roll().
   */
  private saveSidecar(old: Current): void {
    if (!old.clean || old.records === 0 || old.firstPrevHash === undefined) return;
    const bytes = encodeSidecar({
      segment: old.number,
      size: old.size,
      firstPrevHash: old.firstPrevHash,
      lastHash: this.headState.hash, // roll() runs before the next record is sealed
      cols: this.index.columnsOf(old.firstPos, old.records),
    });
    if (!bytes) return;
    void this.sidecarWork
      .run(() => writeSidecar(this.dir, old.number, bytes, this.fs))
      .catch((e: unknown) => this.warn(sidecarWarning(old.number, e)));
  }

  private scheduleSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.backgroundSync();
    }, this.syncIntervalMs);
    this.syncTimer.unref?.();
  }

  /**
   * fdatasync beside the append queue: appends keep writing while the disk flushes (POSIX
   * fsync covers every write completed before it starts). roll() and close() wait for it
   * before closing the file. A failure puts the log in the failed state.
   */
  private backgroundSync(): void {
    const cur = this.current;
    if (!cur || !this.unsynced || this.failure || this.closed) return;
    if (this.syncing || this.rolling) {
      this.scheduleSync();
      return;
    }
    this.unsynced = false;
    this.syncing = cur.writer
      .sync()
      .catch((e: unknown) => {
        this.failure = describe(e);
      })
      .finally(() => {
        this.syncing = undefined;
        if (this.unsynced) this.scheduleSync();
      });
  }

  /** Sync now, in the queue (flush, close). */
  private async syncNow(): Promise<void> {
    await this.syncing;
    if (this.failure) throw writeError(`an earlier flush failed with ${this.failure}`);
    const cur = this.current;
    if (!cur || !this.unsynced) return;
    this.unsynced = false;
    try {
      await cur.writer.sync();
    } catch (e) {
      this.failure = describe(e);
      throw writeError(`flush failed with ${this.failure}`);
    }
  }

  /** fsync what has been written. @throws AuditWriteException if the flush fails. */
  flush(): Promise<void> {
    return this.queue.run(async () => {
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      await this.syncNow();
    });
  }

  /** Flush and close. Later appends throw AuditWriteException. Idempotent. */
  close(): Promise<void> {
    return this.queue.run(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      await this.sidecarWork.idle();
      const cur = this.current;
      if (!cur) return;
      try {
        await this.syncing;
        if (cur.dirty) await cur.writer.truncate(cur.size);
        if (this.unsynced) await cur.writer.sync();
        this.unsynced = false;
      } catch (e) {
        throw writeError(`flush on close failed with ${describe(e)}`);
      } finally {
        await cur.writer.close().catch(() => undefined);
      }
    });
  }
}
