/**
 * The audit log: hash-chained records in append-only segment files, with an in-memory
 * index for queries (ARCHITECTURE.md "The audit log").
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
import { promises as fsp } from 'node:fs';
import { AuditQuerySchema, type AuditPage, type AuditQuery, type AuditRecord, type AuditVerifyResult } from '../../src-shared/audit.js';
import { AuditWriteException, ValidationException } from '../../src-shared/kms/errors.js';
import { chainHash, checkLink, GENESIS_HASH, parseStoredRecord, sealRecordLine, type UnsealedRecord } from './chain.js';
import { indexEntryOf, RecordIndex, type IndexFilter } from './record-index.js';
import { encodeSidecar, loadSegmentIndex, removeSidecar, sidecarName, writeSidecar } from './segment-index-file.js';
import {
  listSegments, nodeFileIO, readRange, scanLines, segmentName, segmentPath,
  type AuditFileIO, type SegmentWriter,
} from './segment-io.js';

export interface AuditLogOptions {
  /** Records per segment file before rolling to the next. Default 50,000. */
  segmentRecords?: number;
  /** Background fdatasync delay after a write; 0 = fsync before each append resolves. Default 200. */
  syncIntervalMs?: number;
  /** Records at the tail whose hashes open() recomputes (links are checked for all). Default 1,000. */
  tailCheckRecords?: number;
  /** File port for writes; tests inject failures through it. */
  io?: AuditFileIO;
  /** Non-fatal problems (a sidecar index file that could not be written). Default: console.warn. */
  onWarning?: (message: string) => void;
}

/** How open() built the index. */
export interface AuditIndexReport {
  /** Full segments whose rows came from their sidecar index file. */
  sidecarsLoaded: number;
  /** Sidecars found but not used (damaged, another version, or not matching their segment). */
  sidecarsRejected: number;
  /** Sidecars (re)written by open() for full segments that lacked a usable one. */
  sidecarsWritten: number;
  /** Record lines JSON-parsed to build the index (2 per loaded sidecar, for its checks). */
  linesParsed: number;
}

export interface AuditOpenReport {
  segments: number;
  records: number;
  /** Bytes of a torn last line (a crash mid-append) that open() removed. */
  truncatedBytes: number;
  /** Complete lines that do not parse as records (corruption); verify() locates the first. */
  unreadableLines: number;
  /**
   * Seq and prevHash links of every record whose line open() parsed (the current segment and
   * full segments without a usable sidecar), of every segment's real first line to the
   * previous segment's real last line, and the hashes of the last tailCheckRecords.
   * verify() checks every line.
   */
  tail: AuditVerifyResult;
  index: AuditIndexReport;
}

export interface AuditVerifyOptions {
  /**
   * A head recorded elsewhere (e.g. in the vault) at some earlier time. Without one, the head
   * this process knows is used, so records removed from the end since open are detected;
   * records removed from the end while the app was closed need an anchor.
   */
  anchor?: { seq: number; hash: string };
  onProgress?: (checked: number, total: number) => void;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

interface Current {
  number: number;
  writer: SegmentWriter;
  /** Committed bytes: everything before this offset is acknowledged records. */
  size: number;
  records: number;
  /** Bytes past `size` may exist (a failed write); truncate before the next write. */
  dirty: boolean;
  /** Index position of the segment's first record. */
  firstPos: number;
  /** prevHash of the segment's first record, once it has one. */
  firstPrevHash: string | undefined;
  /** Every line parsed and linked to the one before: its rows may go in a sidecar. */
  clean: boolean;
}

const DEFAULTS = { segmentRecords: 50_000, syncIntervalMs: 200, tailCheckRecords: 1_000 };
const LIMIT_DEFAULT = 50;
const LIMIT_MAX = 500;
/** Largest single read when fetching records or scanning text. */
const READ_WINDOW = 4 << 20;
/** Start a new read rather than read across this many bytes of records we do not need. */
const READ_GAP = 64 << 10;
const CURSOR_RE = /^v1:(\d{1,15})$/;

function positiveInt(v: unknown, label: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`"${label}" expected an integer`);
  if (v < min) throw new RangeError(`"${label}" expected an integer >= ${min}, got ${v}`);
  return v;
}

/** A short, path-free description of an I/O failure (messages can hold paths). */
function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code; // Node's system errors carry `code`
    return typeof code === 'string' ? code : e.name;
  }
  return 'unknown error';
}

function sidecarWarning(n: number, e: unknown): string {
  return `the index file ${sidecarName(n)} could not be written (${describe(e)}); the next start will rebuild it from the log`;
}

function writeError(why: string): AuditWriteException {
  return new AuditWriteException(`The audit record could not be written (${why}); the operation was refused.`);
}

interface PendingAppend {
  event: UnsealedRecord;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

function sealEvent(event: UnsealedRecord, head: AuditHead): { record: AuditRecord; line: Buffer } {
  if (typeof event !== 'object' || event === null) throw new TypeError('"event" expected an object');
  if (typeof event.eventName !== 'string' || typeof event.eventTime !== 'string') {
    throw new TypeError('"event" expected eventName and eventTime strings');
  }
  const sealed = sealRecordLine(event, head.seq + 1, head.hash);
  return { record: sealed.record, line: Buffer.from(`${sealed.line}\n`, 'utf8') };
}

export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  /** Records waiting for the next group write (see writeBatch). */
  private readonly pending: PendingAppend[] = [];
  private batchQueued = false;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private unsynced = false;
  /** The background fdatasync in flight; it runs beside appends, not in their queue. */
  private syncing: Promise<void> | undefined;
  private failure: string | undefined;
  private closed = false;
  /** Sidecar writes started by roll(); never rejects. close() waits for it. */
  private sidecarWork: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly segmentRecords: number,
    private readonly syncIntervalMs: number,
    private readonly io: AuditFileIO,
    private readonly index: RecordIndex,
    private headState: AuditHead,
    private current: Current | undefined,
    private lastSegment: number,
    private readonly warn: (message: string) => void,
    /** What open() found: torn tail, unreadable lines, tail check. */
    readonly openReport: AuditOpenReport,
  ) {}

  /** Open (creating if needed) the log in `dir`: index every segment and check the tail. */
  static async open(dir: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    if (typeof dir !== 'string' || !dir) throw new TypeError('"dir" expected a non-empty string');
    const segmentRecords = positiveInt(options.segmentRecords ?? DEFAULTS.segmentRecords, 'segmentRecords', 1);
    const syncIntervalMs = positiveInt(options.syncIntervalMs ?? DEFAULTS.syncIntervalMs, 'syncIntervalMs', 0);
    const tailCheckRecords = positiveInt(options.tailCheckRecords ?? DEFAULTS.tailCheckRecords, 'tailCheckRecords', 0);
    const io = options.io ?? nodeFileIO;
    const warn = options.onWarning ?? ((m: string) => console.warn(`keyward: audit: ${m}`));
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });

    const numbers = await listSegments(dir);
    const lastNumber = numbers.length > 0 ? numbers[numbers.length - 1]! : 0;
    const index = new RecordIndex();
    const indexReport: AuditIndexReport = { sidecarsLoaded: 0, sidecarsRejected: 0, sidecarsWritten: 0, linesParsed: 0 };
    let head: AuditHead = { seq: 0, hash: GENESIS_HASH };
    let broken: { seq: number; reason: string } | undefined;
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
        await writeSidecar(dir, w.n, bytes);
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

    const log = new AuditLog(dir, segmentRecords, syncIntervalMs, io, index, head, current, lastNumber, warn, {
      segments: numbers.length,
      records: index.count,
      truncatedBytes,
      unreadableLines: unreadable,
      tail: { ok: true, checked: index.count },
      index: indexReport,
    });
    const tailBad = await log.checkTailHashes(tailCheckRecords);
    const first = [broken, tailBad].filter((b) => b !== undefined).sort((a, b) => a.seq - b.seq)[0];
    if (first) log.openReport.tail = { ok: false, checked: index.count, firstBadSeq: first.seq, reason: first.reason };
    return log;
  }

  /** The last record's seq and hash (seq 0 and the genesis hash when empty). */
  get head(): AuditHead {
    return { ...this.headState };
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
   * fsync policy above). Concurrent calls are serialised in call order.
   * @throws AuditWriteException when the record cannot be written; the chain is unchanged.
   */
  append(event: UnsealedRecord): Promise<AuditRecord> {
    return new Promise<AuditRecord>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (!this.batchQueued) {
        this.batchQueued = true;
        void this.enqueue(() => this.writeBatch());
      }
    });
  }

  /**
   * Group commit: every record appended while the previous write was in flight goes out in
   * one write(2), sealed in call order from the committed head. Each caller's promise still
   * resolves only after its own bytes are written, and a failed write rejects every record
   * in it, leaving the chain head where it was (fail closed, ARCHITECTURE.md).
   */
  private async writeBatch(): Promise<void> {
    this.batchQueued = false;
    const batch = this.pending.splice(0);
    if (this.closed || this.failure) {
      const why = this.closed ? 'the audit log is closed' : `an earlier flush failed with ${this.failure}; reopen the audit log`;
      for (const p of batch) p.reject(writeError(why));
      return;
    }
    let i = 0;
    while (i < batch.length) {
      let cur: Current;
      try {
        cur = await this.writableSegment();
      } catch (e) {
        for (const p of batch.slice(i)) p.reject(writeError(describe(e)));
        return;
      }
      // Seal as many as the segment still holds; a malformed event fails alone.
      const room = Math.max(1, this.segmentRecords - cur.records);
      const sealed: { p: PendingAppend; record: AuditRecord; line: Buffer }[] = [];
      let head = this.headState;
      for (; i < batch.length && sealed.length < room; i++) {
        const p = batch[i]!;
        try {
          const s = sealEvent(p.event, head);
          sealed.push({ p, record: s.record, line: s.line });
          head = { seq: s.record.chain.seq, hash: s.record.chain.hash };
        } catch (e) {
          p.reject(writeError(`the record is malformed: ${e instanceof Error ? e.message : 'unknown'}`));
        }
      }
      if (sealed.length === 0) continue;
      const bytes = sealed.length === 1 ? sealed[0]!.line : Buffer.concat(sealed.map((x) => x.line));
      try {
        cur.dirty = true;
        await cur.writer.writeAt(bytes, cur.size);
        if (this.syncIntervalMs === 0) await cur.writer.sync();
        cur.dirty = false;
      } catch (e) {
        const err = writeError(describe(e));
        for (const x of sealed) x.p.reject(err);
        for (const p of batch.slice(i)) p.reject(err);
        return;
      }
      for (const x of sealed) {
        if (cur.records === 0) cur.firstPrevHash = x.record.chain.prevHash;
        this.index.add(indexEntryOf(x.record, cur.number, cur.size, x.line.length - 1));
        cur.size += x.line.length;
        cur.records++;
      }
      this.headState = head;
      if (this.syncIntervalMs > 0) {
        this.unsynced = true;
        this.scheduleSync();
      }
      for (const x of sealed) x.p.resolve(x.record);
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
    const n = this.lastSegment + 1;
    const writer = await this.io.openSegment(segmentPath(this.dir, n));
    try {
      // A file left by an earlier failed roll is empty; anything else is not ours to overwrite.
      if (writer.initialSize !== 0) throw new Error(`${segmentName(n)} already holds data`);
      await this.io.syncDir(this.dir);
      const old = this.current;
      if (old) {
        await this.syncing;
        if (old.dirty) await old.writer.truncate(old.size);
        await old.writer.sync();
        await old.writer.close().catch(() => undefined); // synced; a failed close loses nothing
      }
    } catch (e) {
      await writer.close().catch(() => undefined);
      throw e;
    }
    const old = this.current;
    this.current = { number: n, writer, size: 0, records: 0, dirty: false, firstPos: this.index.count, firstPrevHash: undefined, clean: true };
    this.lastSegment = n;
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
    this.sidecarWork = this.sidecarWork
      .then(() => writeSidecar(this.dir, old.number, bytes))
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
    if (!cur || !this.unsynced || this.failure) return;
    if (this.syncing) {
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

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** fsync what has been written. @throws AuditWriteException if the flush fails. */
  flush(): Promise<void> {
    return this.enqueue(async () => {
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      await this.syncNow();
    });
  }

  /** Flush and close. Later appends throw AuditWriteException. Idempotent. */
  close(): Promise<void> {
    return this.enqueue(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      await this.sidecarWork;
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

  // ---------------------------------------------------------------- query

  /**
   * Filter and page the log, newest first. Index filters (time, eventName, keyId, outcome)
   * run in memory; only matching lines are read. `text` streams the candidate lines newest
   * first in large reads and stops once the page is full.
   * @throws ValidationException for a malformed query or cursor.
   */
  async query(input: AuditQuery): Promise<AuditPage> {
    const parsed = AuditQuerySchema.safeParse(input);
    if (!parsed.success) throw new ValidationException(`Invalid audit query: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    const q = parsed.data;
    const n = this.index.count; // records past this are not part of this page's snapshot
    const limit = Math.min(q.limit ?? LIMIT_DEFAULT, LIMIT_MAX);
    const empty: AuditPage = { records: [], totalRecords: n };

    let top = n;
    if (q.cursor !== undefined) {
      const m = CURSOR_RE.exec(q.cursor);
      if (!m) throw new ValidationException('Invalid audit query: the cursor is not one this log issued');
      top = Math.min(n, this.index.countBelowSeq(Number(m[1])));
    }
    const filter: IndexFilter = {};
    if (q.from) filter.from = q.from.getTime();
    if (q.to) filter.to = q.to.getTime();
    if (q.outcome === 'success' || q.outcome === 'error') filter.outcome = q.outcome;
    if (q.readOnly !== undefined) filter.readOnly = q.readOnly;
    if (q.eventName) {
      const id = this.index.nameId(q.eventName);
      if (id === undefined) return empty;
      filter.nameId = id;
    }
    if (q.keyId) {
      const id = this.index.keyRefId(q.keyId);
      if (id === undefined) return empty;
      filter.keyRefId = id;
    }
    const found = q.text ? await this.searchText(top, filter, q.text.toLowerCase(), limit) : await this.searchIndex(top, filter, limit);
    const page: AuditPage = { records: found.records, totalRecords: n };
    if (found.more && found.lastPos !== undefined) page.nextCursor = `v1:${this.index.seq(found.lastPos)}`;
    return page;
  }

  private hasCandidateBelow(pos: number, filter: IndexFilter): boolean {
    for (let i = pos - 1; i >= 0; i--) if (this.index.matches(i, filter)) return true;
    return false;
  }

  private async searchIndex(top: number, filter: IndexFilter, limit: number): Promise<Found> {
    const hits: number[] = [];
    for (let i = top - 1; i >= 0 && hits.length < limit; i--) if (this.index.matches(i, filter)) hits.push(i);
    const lastPos = hits[hits.length - 1];
    const records = await this.readPositions(hits);
    return { records, lastPos, more: lastPos !== undefined && hits.length === limit && this.hasCandidateBelow(lastPos, filter) };
  }

  /** Read records at index positions (descending), batching neighbours into one read. */
  private async readPositions(positions: number[]): Promise<AuditRecord[]> {
    const ix = this.index;
    const out: AuditRecord[] = [];
    let k = 0;
    while (k < positions.length) {
      const hi = positions[k]!;
      const seg = ix.segment(hi);
      const end = ix.offset(hi) + ix.length(hi);
      let j = k + 1;
      while (j < positions.length) {
        const p = positions[j]!;
        const prev = positions[j - 1]!;
        if (ix.segment(p) !== seg || end - ix.offset(p) > READ_WINDOW) break;
        if (ix.offset(prev) - (ix.offset(p) + ix.length(p)) > READ_GAP) break;
        j++;
      }
      const lo = positions[j - 1]!;
      const base = ix.offset(lo);
      const buf = await readRange(segmentPath(this.dir, seg), base, end);
      for (let m = k; m < j; m++) {
        const p = positions[m]!;
        const s = ix.offset(p) - base;
        const rec = parseStoredRecord(buf.toString('utf8', s, s + ix.length(p)));
        // A line that no longer parses was changed on disk after open; verify() reports it.
        if (rec) out.push(rec);
      }
      k = j;
    }
    return out;
  }

  private async searchText(top: number, filter: IndexFilter, needle: string, limit: number): Promise<Found> {
    const ix = this.index;
    // ASCII needles are matched over the raw bytes read as latin1 (one char per byte, so
    // string positions are byte offsets); lowercasing latin1 maps ASCII to ASCII and
    // bytes >= 0x80 to chars >= 0x80, so only genuine ASCII matches are found.
    const ascii = /^[\u0000-\u007f]*$/u.test(needle); // eslint-disable-line no-control-regex -- the ASCII range, by definition
    const out: AuditRecord[] = [];
    let lastPos: number | undefined;
    let i = top - 1;
    while (i >= 0 && out.length < limit) {
      while (i >= 0 && !ix.matches(i, filter)) i--;
      if (i < 0) break;
      const hi = i;
      const seg = ix.segment(hi);
      const end = ix.offset(hi) + ix.length(hi);
      let lo = hi;
      for (let j = hi - 1; j >= 0 && ix.segment(j) === seg && end - ix.offset(j) <= READ_WINDOW; j--) {
        if (!ix.matches(j, filter)) continue;
        if (ix.offset(lo) - (ix.offset(j) + ix.length(j)) > READ_GAP) break;
        lo = j;
      }
      const base = ix.offset(lo);
      const buf = await readRange(segmentPath(this.dir, seg), base, end);
      const hits = ascii ? this.asciiHits(buf, base, lo, hi, filter, needle) : this.unicodeHits(buf, base, lo, hi, filter, needle);
      for (const p of hits) {
        const s = ix.offset(p) - base;
        const rec = parseStoredRecord(buf.toString('utf8', s, s + ix.length(p)));
        if (!rec) continue;
        out.push(rec);
        lastPos = p;
        if (out.length === limit) break;
      }
      i = lo - 1;
    }
    const more = out.length === limit && lastPos !== undefined && this.hasCandidateBelow(lastPos, filter);
    return { records: out, lastPos, more };
  }

  /** Positions in [lo, hi] (descending) that pass `filter` and contain `needle`. */
  private asciiHits(buf: Buffer, base: number, lo: number, hi: number, filter: IndexFilter, needle: string): number[] {
    const ix = this.index;
    const hay = buf.toString('latin1').toLowerCase();
    const hits: number[] = [];
    let r = lo;
    let p = hay.indexOf(needle);
    while (p >= 0 && r <= hi) {
      while (r <= hi && ix.offset(r) - base + ix.length(r) <= p) r++;
      if (r > hi) break;
      const rs = ix.offset(r) - base;
      const re = rs + ix.length(r);
      if (p >= rs && p + needle.length <= re) {
        if (ix.matches(r, filter)) hits.push(r);
        r++;
        p = hay.indexOf(needle, re);
      } else {
        p = hay.indexOf(needle, p + 1);
      }
    }
    return hits.reverse();
  }

  private unicodeHits(buf: Buffer, base: number, lo: number, hi: number, filter: IndexFilter, needle: string): number[] {
    const ix = this.index;
    const hits: number[] = [];
    for (let r = hi; r >= lo; r--) {
      if (!ix.matches(r, filter)) continue;
      const s = ix.offset(r) - base;
      if (buf.toString('utf8', s, s + ix.length(r)).toLowerCase().includes(needle)) hits.push(r);
    }
    return hits;
  }

  // ---------------------------------------------------------------- verify

  /**
   * Walk the whole chain, streaming segment by segment, and report the first record that was
   * edited (hash mismatch), removed or reordered (seq gap, prevHash mismatch), cannot be
   * read, or is missing from the end (against the anchor or this process's head).
   * `checked` counts the records that passed before the first failure.
   */
  async verify(options: AuditVerifyOptions = {}): Promise<AuditVerifyResult> {
    // Snapshot what is committed now; records appended during the walk are not covered.
    const total = this.index.count;
    const head = { ...this.headState };
    const cur = this.current ? { number: this.current.number, size: this.current.size } : undefined;
    const lastSegment = this.lastSegment;
    const numbers = (await listSegments(this.dir)).filter((n) => n <= lastSegment);

    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let bad: { seq: number; reason: string } | undefined;
    const pins = [head, ...(options.anchor ? [options.anchor] : [])].filter((p) => p.seq > 0);

    for (const n of numbers) {
      const scan = await scanLines(segmentPath(this.dir, n), cur && n === cur.number ? cur.size : undefined, (line, offset) => {
        const rec = parseStoredRecord(line.toString('utf8'));
        if (!rec) {
          bad = { seq: expectedSeq, reason: `record ${expectedSeq} cannot be read (${segmentName(n)}, byte ${offset})` };
          return false;
        }
        const why = checkLink(rec, expectedSeq, prevHash);
        if (why) {
          bad = { seq: expectedSeq, reason: why };
          return false;
        }
        for (const pin of pins) {
          if (pin.seq === rec.chain.seq && pin.hash !== rec.chain.hash) {
            bad = { seq: expectedSeq, reason: `record ${expectedSeq} differs from the recorded head (hash mismatch)` };
            return false;
          }
        }
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
    const expectedLast = Math.max(head.seq, options.anchor?.seq ?? 0);
    if (!bad && checked < expectedLast) {
      bad = { seq: expectedSeq, reason: `records ${expectedSeq} to ${expectedLast} are missing from the end of the log` };
    }
    options.onProgress?.(checked, total);
    return bad ? { ok: false, checked, firstBadSeq: bad.seq, reason: bad.reason } : { ok: true, checked };
  }

  /** Recompute the hashes of the last `count` records (open's tail check). */
  private async checkTailHashes(count: number): Promise<{ seq: number; reason: string } | undefined> {
    const n = this.index.count;
    const positions: number[] = [];
    for (let i = n - 1; i >= Math.max(0, n - count); i--) positions.push(i);
    const records = await this.readPositions(positions);
    if (records.length !== positions.length) {
      return { seq: this.index.seq(positions[positions.length - 1] ?? 0), reason: 'a tail record changed while opening' };
    }
    let bad: { seq: number; reason: string } | undefined;
    for (const r of records) {
      if (chainHash(r) !== r.chain.hash) bad = { seq: r.chain.seq, reason: `record ${r.chain.seq} was changed (hash mismatch)` };
    }
    return bad; // records are newest first, so the last mismatch seen is the oldest
  }
}

interface Found {
  records: AuditRecord[];
  lastPos: number | undefined;
  more: boolean;
}
