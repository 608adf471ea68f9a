/**
 * The audit log's integrity controller: holds the audit key while the vault is unlocked,
 * writes chained, MAC'd digests of the head (digest.ts) with a witness outside the folder
 * (witness.ts), and checks the tail of the log against them when the key arrives.
 *
 * When a digest is written (CloudTrail writes one per hour; Keyward far more often, since
 * its log lives on the same disk an attacker may write): when the key arrives (unlock) and
 * leaves (lock; `close` when the service stops), after every written batch holding a change,
 * every `digestEveryRecords` records, and `digestEveryMs` after a record no digest covers.
 * Each digest first fsyncs the log, then records the witness, then appends the digest, so the
 * witness is never behind the digest file and the digest never ahead of durable records.
 * A digest that cannot be written is retried at the next occasion (the records themselves
 * are written and answered already); the failure goes to onWarning.
 */
import { randomUuid } from '../crypto/random.js';
import { SerialQueue } from '../platform/serial-queue.js';
import type { AuditRecord } from '../../src-shared/audit.js';
import { type ChainKey, checkLink } from './chain.js';
import { appendDigest, type DigestEvent, type DigestLine, FIRST_PREV, readDigests, sealDigest } from './digest.js';
import { IntegrityRules, type IntegrityProblem } from './integrity-rules.js';
import { type AuditHead, describe } from './log-types.js';
import type { AuditFileIO } from './segment-io.js';
import type { WitnessPort } from './witness.js';

/** What a written batch tells the controller (writer.ts's hook). */
export interface BatchInfo {
  head: AuditHead;
  records: number;
  /** The batch holds a record of a change (a vault change, or an app change). */
  changes: boolean;
}

/** The controller's hook into the writer (writer.ts): the key at sealing time, and each written batch. */
export interface WriterIntegrityHook {
  /** The key sealing the record being sealed now (undefined: SHA-256). */
  key(): ChainKey;
  /**
   * Called after each batch is written and the head has moved (never throws). A promise
   * returned holds the batch's callers until it settles (a batch with a change waits for its
   * digest and witness; it never rejects).
   */
  afterBatch(b: BatchInfo): Promise<void> | undefined;
}

/** What the controller needs from the log. */
export interface IntegrityDeps {
  dir: string;
  io: AuditFileIO;
  witness: WitnessPort | undefined;
  everyRecords: number;
  everyMs: number;
  now: () => Date;
  warn: (m: string) => void;
  /** fsync the log (LogWriter.flush). */
  flush: () => Promise<void>;
  /** Run `fn` between the writer's batches (LogWriter.exclusive). */
  exclusive: <T>(fn: () => T) => Promise<T>;
  /** The head now. */
  head: () => AuditHead;
  /** Read the records from `fromSeq` to the head (the quick check at unlock). */
  readFrom: (fromSeq: number) => Promise<AuditRecord[]>;
}

/** One controller per open log (see the file comment). */
export class IntegrityController implements WriterIntegrityHook {
  readonly run = randomUuid();
  private held: ChainKey;
  private readonly queue = new SerialQueue();
  private size = 0;
  private last: { n: number; mac: string; to: number } = { n: 0, mac: FIRST_PREV, to: 0 };
  private sinceDigest = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lines: DigestLine[] = [];

  private constructor(private readonly deps: IntegrityDeps, readonly openedAt: number) {}

  /** Read digests.jsonl and continue its chain. */
  static async open(deps: IntegrityDeps, openedAt: number): Promise<IntegrityController> {
    const c = new IntegrityController(deps, openedAt);
    const f = await readDigests(deps.dir);
    c.size = f.size;
    c.lines = f.lines;
    for (const l of f.lines) if ('digest' in l) c.last = { n: l.digest.n, mac: l.digest.mac, to: l.digest.to };
    c.last.n = Math.max(c.last.n, f.lines.length);
    c.sinceDigest = Math.max(0, openedAt - c.last.to);
    return c;
  }

  /** The key sealing new records, if any (read by the writer as it seals). */
  key(): ChainKey {
    return this.held;
  }

  /** Swap the key between batches; the head at that moment. */
  private swapKey(key: ChainKey): Promise<AuditHead> {
    return this.deps.exclusive(() => {
      this.held = key;
      return this.deps.head();
    });
  }

  /** This run, for verification's unkeyed-record rule. */
  get current(): { run: string; openedAt: number } {
    return { run: this.run, openedAt: this.openedAt };
  }

  /**
   * Set (unlock) or drop (lock, close) the audit key. Setting it writes an `unlock` digest
   * and checks the log's tail against the digests and the witness; dropping it writes a
   * `lock` (or `close`) digest under the old key first. Returns the problem found, if any.
   */
  async setKey(key: ChainKey, why: 'lock' | 'close' = 'lock', acknowledged?: ReadonlySet<string>): Promise<IntegrityProblem | undefined> {
    const old = this.held;
    if (key === undefined) {
      if (old === undefined) return undefined;
      const head = await this.swapKey(undefined);
      this.stopTimer();
      await this.digest(why, head, old);
      old.fill(0); // the log's copy of the key (the vault keeps its own)
      return undefined;
    }
    const head = await this.swapKey(key);
    try {
      return await this.check(key, acknowledged);
    } finally {
      await this.digest('unlock', head, key);
    }
  }

  /** writer.ts's hook after each written batch: a batch with a change is answered once witnessed. */
  afterBatch(b: BatchInfo): Promise<void> | undefined {
    this.sinceDigest += b.records;
    const key = this.held;
    if (!key) return undefined;
    if (b.changes) return this.digest('batch', undefined, key);
    if (this.sinceDigest >= this.deps.everyRecords) {
      void this.digest('batch', undefined, key);
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.held && this.sinceDigest > 0) void this.digest('batch', undefined, this.held);
      }, this.deps.everyMs);
      this.timer.unref?.();
    }
    return undefined;
  }

  /** Wait for digests in flight; stop the timer. */
  async close(): Promise<void> {
    this.stopTimer();
    await this.queue.idle();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Write one digest (in the controller's queue): flush, witness, append. Never rejects. */
  private digest(event: DigestEvent, at: AuditHead | undefined, key: Uint8Array): Promise<void> {
    return this.queue.run(async () => {
      try {
        await this.deps.flush();
        const head = at ?? this.deps.head();
        if (event === 'batch' && head.seq === this.last.to && this.sinceDigest === 0) return;
        // Number past the witness too, so a digest removed from the end leaves a visible gap.
        const n = Math.max(this.last.n, this.deps.witness?.latest()?.tag.digest ?? 0) + 1;
        await this.deps.witness?.record({ seq: head.seq, hash: head.hash, digest: n });
        const vault = this.deps.witness?.latest()?.position;
        const d = sealDigest({
          v: 1, n, run: this.run, openedAt: this.openedAt, event,
          from: Math.min(this.last.to + 1, head.seq + 1), to: head.seq, head: head.hash, prev: this.last.mac,
          time: this.deps.now().toISOString(), ...(vault !== undefined ? { vault } : {}),
        }, key);
        this.size = await appendDigest(this.deps.dir, this.deps.io, this.size, d);
        this.lines.push({ digest: d, line: this.lines.length + 1 });
        this.last = { n, mac: d.mac, to: head.seq };
        this.sinceDigest = Math.max(0, this.deps.head().seq - head.seq);
        this.stopTimer();
      } catch (e) {
        this.deps.warn(`a digest of the audit log could not be written (${describe(e)}); it is retried with the next records`);
      }
    });
  }

  /**
   * The check when the key arrives: the records from the last digest's (or the witness's)
   * head to the end, their MACs, and the rules' end checks. The full walk is verify().
   */
  private async check(key: Uint8Array, acknowledged?: ReadonlySet<string>): Promise<IntegrityProblem | undefined> {
    const witness = this.deps.witness?.latest();
    const rules = new IntegrityRules({ key, digests: this.lines, witness, current: this.current, ...(acknowledged ? { acknowledged } : {}) });
    // From the newest digest's head (or the witness's, or where this run opened) to the end.
    let from = this.openedAt;
    const newest = rules.valid[rules.valid.length - 1];
    if (newest) from = Math.min(from, newest.to);
    if (witness) from = Math.min(from, witness.tag.seq);
    const records = await this.deps.readFrom(Math.max(1, from));
    let prev: { seq: number; hash: string } | undefined;
    for (const r of records) {
      const why = checkLink(r, prev ? prev.seq + 1 : r.chain.seq, prev ? prev.hash : r.chain.prevHash, true, key);
      if (why && !acknowledged?.has(`record:${r.chain.seq}`)) return { seq: r.chain.seq, key: `record:${r.chain.seq}`, reason: why };
      const p = rules.record(r);
      if (p) return p;
      prev = { seq: r.chain.seq, hash: r.chain.hash };
    }
    return rules.end(prev?.seq ?? this.deps.head().seq) ?? rules.digestProblem;
  }
}
