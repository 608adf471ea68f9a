/**
 * An unlocked vault: the vault handle, the engine state decoded from its snapshot and
 * journal, and the engine over both. A change is captured as a change set (kms/change-set.ts)
 * and made durable as one journal frame (vault/journal.ts), so a commit costs the size of the
 * change. Two ways in:
 *
 * - beginChange()/end(): the change and its audit record as one (audit/intent.ts, the
 *   ledger in change-scope.ts): the frame is written pending on the record's tag by
 *   prepare(), and abort() undoes memory. Unlock slot changes ride on the same intent
 *   (vault/pending.ts).
 * - ctx.commit() outside a change scope: the change is appended at once as a committed frame,
 *   and undone in memory if it cannot be written (memory never runs ahead of disk).
 *
 * The journal is folded into a new snapshot (compaction) when it outgrows the snapshot, once
 * no change is in flight and requests have paused, and at lock.
 */
import { KMSInternalException, SelfTestFailedException, VaultCorruptedException } from '../../src-shared/kms/errors.js';
import type { RecordTag } from '../audit/intent.js';
import type { SelfTestReport } from '../crypto/self-test.js';
import { applyChangeSet, ChangeTracker } from '../kms/change-set.js';
import type { EngineContext } from '../kms/context.js';
import { KmsEngine } from '../kms/engine.js';
import { deserialiseState, serialiseState, wipeState, type VaultState } from '../kms/model.js';
import type { Clock } from '../platform/clock.js';
import type { Slot } from '../vault/format.js';
import { reconcile } from '../vault/journal.js';
import type { VaultHandle } from '../vault/vault.js';
import { ChangeLedger, type ChangeScope } from './change-scope.js';

export type { ChangeScope };

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

/** One open vault: its handle, its decoded state and the engine over them. */
export class VaultSession {
  readonly state: VaultState;
  readonly engine: KmsEngine;
  readonly ctx: EngineContext;
  /** What reconciliation found at unlock. */
  readonly openReport: OpenReport;
  readonly #tracker: ChangeTracker;
  readonly #ledger: ChangeLedger;
  #inflight = 0;
  #locked: Promise<void> | undefined;
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
    this.#ledger = new ChangeLedger({
      vault,
      ready: () => this.#ready,
      take: () => this.#tracker.take(),
      settle: () => this.#settle(),
      slotsCommitted: () => void this.compactNow().catch(() => undefined), // the next open writes it otherwise
    });
    // A dropped change is marked, so a record written later cannot make it look like a break.
    const marked = Promise.all(r.discarded.map((t) => vault.appendAbort(t).catch(() => undefined)));
    // A snapshot is due at once for the previous generation, and for a slot change whose record was written.
    this.#ready = vault.needsSnapshot || vault.slotsPending ? this.compactNow().then(() => undefined) : marked.then(() => undefined);
    vault.setBodySource(() => this.#committedBody());
    const state = this.state;
    this.ctx = {
      state,
      clock,
      commit: async () => {
        if (this.#ledger.scopeOpen) return; // captured by the open scope; prepare() makes it durable
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

  /** The unlock slots as the latest change left them (committed or waiting for its record). */
  get slots(): Slot[] {
    return this.#ledger.slots;
  }

  /** Counts undone changes (their records were not written); a call running across one is refused. */
  get aborts(): number {
    return this.#ledger.aborts;
  }

  /** Stage new unlock slots in the open change scope. KMSInternalException outside one. */
  stageSlots(slots: Slot[]): void {
    this.#ledger.stageSlots(slots);
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

  /** Start capturing the changes of one call (one at a time; the router holds its mutex). See change-scope.ts. */
  beginChange(): ChangeScope {
    return this.#ledger.begin();
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
    return !this.#ledger.scopeOpen && this.#ledger.waiting === 0 && this.#inflight === 0;
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

  /** Fold the journal (best effort), zero key material and the vault key; release the writer lock. */
  lock(): Promise<void> {
    this.#locked ??= this.#lock();
    return this.#locked;
  }

  async #lock(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    try {
      // Changes in flight settle within one audit write; a scope never ended must not block the lock.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#whenSettled(), new Promise<void>((r) => { timer = setTimeout(r, LOCK_SETTLE_MS); })]);
      clearTimeout(timer);
      if (this.settled && (this.vault.journalStats().frames > 0 || this.vault.slotsPending)) await this.compactNow();
    } catch {
      // the journal stays valid: the next unlock replays it
    }
    this.#tracker.detach();
    wipeState(this.state);
    await this.vault.lock();
  }
}
