/**
 * An unlocked vault: the vault handle, the engine state decoded from its snapshot and
 * journal, and the engine over both. A change is captured as a change set (kms/change-set.ts)
 * and made durable as one journal frame (vault/journal.ts), so a commit costs the size of the
 * change. Two ways in:
 *
 * - beginChange()/end(): the change and its audit record as one (audit/intent.ts): the frame
 *   is written pending on the record's tag by prepare(), and abort() undoes memory.
 * - ctx.commit() outside a change scope: the change is appended at once as a committed frame,
 *   and undone in memory if it cannot be written (memory never runs ahead of disk).
 *
 * The journal is folded into a new snapshot (compaction) when it outgrows the snapshot, once
 * no change is in flight and requests have paused, and at lock.
 */
import { KMSInternalException, SelfTestFailedException, VaultCorruptedException } from '../../src-shared/kms/errors.js';
import type { AuditIntent, RecordTag } from '../audit/intent.js';
import type { SelfTestReport } from '../crypto/self-test.js';
import { applyChangeSet, type CapturedChange, ChangeTracker } from '../kms/change-set.js';
import type { EngineContext } from '../kms/context.js';
import { KmsEngine } from '../kms/engine.js';
import { deserialiseState, serialiseState, wipeState, type VaultState } from '../kms/model.js';
import type { Clock } from '../platform/clock.js';
import { reconcile } from '../vault/journal.js';
import type { VaultHandle } from '../vault/vault.js';

/** The captured changes of one call (see beginChange). */
export interface ChangeScope {
  /**
   * The captured change as an AuditIntent, or undefined if nothing changed. prepare(tag)
   * appends one sealed pending journal frame tagged with tag; abort() undoes memory
   * synchronously and marks the frame aborted (best effort).
   */
  end(): AuditIntent | undefined;
}

/** What reconciliation found in the journal at unlock (vault/journal.ts reconcile). */
export interface OpenReport {
  /** Pending changes whose record was never written: dropped. */
  discarded: RecordTag[];
  /** Changes whose record is missing though a later one's is present (a removed record). */
  breaks: RecordTag[];
  /** A torn last frame cut off (a crash during an append). */
  cut?: { index: number; bytes: number };
}

/** Options of a session. */
export interface SessionOptions {
  /** Whether the audit log holds the record `tag` names; default: its seq is at most the head's. */
  hasRecord?: (tag: RecordTag) => boolean;
}

/** Journal bytes beyond which it is folded, unless the snapshot is bigger (then the snapshot's size). */
export const COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** How long lock waits for changes in flight before it locks without compacting, in milliseconds. */
export const LOCK_SETTLE_MS = 5_000;
/** Quiet time before a due compaction runs, in milliseconds. */
export const COMPACT_IDLE_MS = 2_000;

interface OpenChange {
  change: CapturedChange;
  tag?: RecordTag;
  done: boolean;
}

/** One open vault: its handle, its decoded state and the engine over them. */
export class VaultSession {
  readonly state: VaultState;
  readonly engine: KmsEngine;
  readonly ctx: EngineContext;
  /** What reconciliation found at unlock. */
  readonly openReport: OpenReport;
  readonly #tracker: ChangeTracker;
  readonly #open: OpenChange[] = [];
  #scope = false;
  #inflight = 0;
  #waiters: (() => void)[] = [];
  #ready: Promise<void>;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly vault: VaultHandle,
    clock: Clock,
    selfTest: () => SelfTestReport,
    auditHead: () => { seq: number; hash: string } | undefined,
    opts: SessionOptions = {},
  ) {
    const body = vault.readBody();
    try {
      this.state = deserialiseState(body);
    } finally {
      body.fill(0);
    }
    this.state.vaultId = vault.vaultId; // the vault header is the authority for the id
    const { frames, cut } = vault.takeJournal();
    const hasRecord = opts.hasRecord ?? ((t: RecordTag) => (auditHead()?.seq ?? 0) >= t.seq);
    const r = reconcile(frames, hasRecord);
    try {
      for (const f of r.apply) applyChangeSet(this.state, f.payload);
    } catch {
      throw new VaultCorruptedException('The vault journal holds a change this Keyward cannot read. Open the previous generation, or restore the vault from a backup.');
    } finally {
      for (const f of frames) f.payload.fill(0);
    }
    this.openReport = { discarded: r.discarded, breaks: r.breaks, ...(cut ? { cut } : {}) };
    this.#tracker = new ChangeTracker(this.state);
    // A dropped change is marked, so a record written later cannot make it look like a break.
    const marked = Promise.all(r.discarded.map((t) => vault.appendAbort(t).catch(() => undefined)));
    this.#ready = vault.needsSnapshot ? this.compactNow().then(() => undefined) : marked.then(() => undefined);
    vault.setBodySource(() => this.#committedBody());
    const state = this.state;
    this.ctx = {
      state,
      clock,
      commit: async () => {
        if (this.#scope) return; // captured by the open scope; prepare() makes it durable
        const c = this.#tracker.take();
        if (!c) return;
        this.#inflight++;
        try {
          await this.#ready;
          await vault.appendChange(c.bytes, undefined);
          c.release();
        } catch (e) {
          c.undo();
          const why = e instanceof Error && 'code' in e ? ` (${String(e.code)})` : '';
          throw new KMSInternalException(`The vault could not be written${why}; the change was not saved. Check free disk space and permissions.`);
        } finally {
          this.#inflight--;
          this.#settle();
        }
      },
      assertCryptoReady: () => {
        const report = selfTest();
        if (!report.ok) {
          const failed = report.results.filter((r) => !r.ok).map((r) => r.name).join(', ');
          throw new SelfTestFailedException(`Cryptographic self-tests failed (${failed}); every cryptographic operation is refused.`);
        }
      },
    };
    this.engine = new KmsEngine(this.ctx);
  }

  /**
   * Commit top-level audit fields (the witness anchor, the breaks) as they are in the state now,
   * at once and beside any change in flight: one committed journal frame holding only these
   * fields, so a change whose record is still pending is not written early.
   * @throws KMSInternalException when the vault cannot be written (memory keeps the value).
   */
  async commitAuditFields(fields: readonly ('auditAnchor' | 'auditBreaks' | 'auditKey')[]): Promise<void> {
    const bytes = this.#tracker.takeFields(fields);
    this.#inflight++;
    try {
      await this.#ready;
      await this.vault.appendChange(bytes, undefined);
    } catch (e) {
      const why = e instanceof Error && 'code' in e ? ` (${String(e.code)})` : '';
      throw new KMSInternalException(`The vault could not be written${why}; the audit witness was not saved.`);
    } finally {
      bytes.fill(0);
      this.#inflight--;
      this.#settle();
    }
  }

  /** Resolves once what unlock had to write (abort marks, a snapshot of the previous generation) is written. */
  whenReady(): Promise<void> {
    return this.#ready;
  }

  /** Start capturing the changes of one call (one at a time; the router holds its mutex). */
  beginChange(): ChangeScope {
    if (this.#scope) throw new Error('beginChange: a change is already being captured');
    this.#scope = true;
    return {
      end: () => {
        if (!this.#scope) return undefined;
        this.#scope = false;
        const change = this.#tracker.take();
        if (!change) {
          this.#settle();
          return undefined;
        }
        return this.#intentOf(change);
      },
    };
  }

  #intentOf(change: CapturedChange): AuditIntent {
    const entry: OpenChange = { change, done: false };
    this.#open.push(entry);
    return {
      prepare: async (tag) => {
        if (entry.done) throw new KMSInternalException('The change was already undone.');
        entry.tag = tag;
        await this.#ready;
        await this.vault.appendChange(change.bytes.slice(), tag);
      },
      commit: () => {
        if (entry.done) return;
        entry.done = true;
        change.release();
        change.bytes.fill(0);
        this.#open.splice(this.#open.indexOf(entry), 1);
        this.#settle();
      },
      abort: () => {
        if (entry.done) return;
        // Changes captured after this one were made on top of it: undo them first.
        const at = this.#open.indexOf(entry);
        for (const e of this.#open.splice(at).reverse()) {
          e.done = true;
          e.change.undo();
          e.change.bytes.fill(0);
          if (e.tag) void this.vault.appendAbort(e.tag).catch(() => undefined);
        }
        this.#settle();
      },
    };
  }

  /** Keep the audit head `tag` outside the audit folder: a witness frame in the vault journal (resolves once durable). */
  appendWitness(tag: RecordTag): Promise<void> {
    return this.vault.appendWitness(tag);
  }

  /** The highest audit tag the vault holds (change and witness frames, carried over by compaction). */
  latestWitness(): RecordTag | undefined {
    return this.vault.latestWitness();
  }

  /** True when no change is being captured, pending or being written. */
  get settled(): boolean {
    return !this.#scope && this.#open.length === 0 && this.#inflight === 0;
  }

  #settle(): void {
    if (!this.settled) return;
    for (const w of this.#waiters.splice(0)) w();
    this.#scheduleCompaction();
  }

  async #whenSettled(): Promise<void> {
    while (!this.settled) await new Promise<void>((r) => this.#waiters.push(r));
  }

  /** The committed state as a body and the journal frames it covers (header changes, compaction). */
  async #committedBody(): Promise<{ body: Uint8Array; frames: number }> {
    await this.#whenSettled();
    return { body: serialiseState(this.state), frames: this.vault.journalStats().frames };
  }

  #scheduleCompaction(): void {
    const { bytes, snapshotBytes } = this.vault.journalStats();
    if (bytes <= Math.max(COMPACT_MIN_BYTES, snapshotBytes) || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.settled) void this.compactNow().catch(() => undefined);
      else this.#scheduleCompaction();
    }, COMPACT_IDLE_MS);
    this.#timer.unref();
  }

  /**
   * Fold the journal into a new snapshot now (once settled). Resolves true when written, false
   * when changes kept coming. Rejects with the disk's error (the journal stays valid).
   */
  async compactNow(): Promise<boolean> {
    for (let i = 0; i < 3; i++) {
      const { body, frames } = await this.#committedBody();
      try {
        if (await this.vault.compact(body, frames)) return true;
      } finally {
        body.fill(0);
      }
    }
    return false;
  }

  /** The committed body, to undo a change whose audit record could not be written (whole-state path). */
  snapshot(): Uint8Array {
    return serialiseState(this.state);
  }

  /** Write `body` (a snapshot) as a new snapshot and make it the live state. Zeroes `body`. */
  async rollbackTo(body: Uint8Array): Promise<void> {
    let committed: VaultState;
    try {
      committed = deserialiseState(body);
      await this.vault.commit(body);
    } finally {
      body.fill(0);
    }
    wipeState(this.state);
    this.state.settings = committed.settings;
    for (const [id, k] of committed.keys) this.state.keys.putRaw(id, k);
    for (const [name, a] of committed.aliases) this.state.aliases.putRaw(name, a);
    this.state.deletedKeys = committed.deletedKeys;
    for (const [id, a] of committed.accessKeys) this.state.accessKeys.putRaw(id, a);
    if (committed.auditAnchor) this.state.auditAnchor = committed.auditAnchor;
    this.#tracker.reset();
  }

  /** Fold the journal (best effort), zero key material and the vault key; release the writer lock. */
  async lock(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    try {
      // Changes in flight settle within one audit write; a scope never ended must not block the lock.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#whenSettled(), new Promise<void>((r) => { timer = setTimeout(r, LOCK_SETTLE_MS); })]);
      clearTimeout(timer);
      if (this.settled && this.vault.journalStats().frames > 0) await this.compactNow();
    } catch {
      // the journal stays valid: the next unlock replays it
    }
    this.#tracker.detach();
    wipeState(this.state);
    await this.vault.lock();
  }
}
