/**
 * The changes of calls made under the service mutex, until their audit records are written
 * (audit/intent.ts). A call opens a scope; the engine's commits inside it are captured by the
 * session's change tracker (kms/change-set.ts), and slot changes (passphrase, keychain slot)
 * are staged with stageSlots. end() turns them into one AuditIntent: prepare(tag) appends the
 * change set as one pending journal frame (vault/journal.ts) and writes staged slots as a
 * pending slot file (vault/pending.ts), both tagged with the record; commit() makes them
 * final; abort() undoes memory synchronously (this change, every change captured after it,
 * and the scope still open) and marks the frame aborted.
 *
 * A scope open across such an undo may have read the undone state: its end() puts back what
 * it did and throws `stale()`, and a call without a scope sees `aborts` move (router.ts).
 */
import { KMSInternalException } from '../../src-shared/kms/errors.js';
import type { AuditIntent, RecordTag } from '../audit/intent.js';
import type { CapturedChange } from '../kms/change-set.js';
import type { Slot } from '../vault/format.js';
import type { VaultHandle } from '../vault/vault.js';

/** One change in progress (under the service mutex): what the call did, until its record is handed over. */
export interface ChangeScope {
  /** Stage new unlock slots (a passphrase or keychain slot change) as part of this change. */
  stageSlots(slots: Slot[]): void;
  /**
   * The change's intent for its audit record, or undefined when nothing changed. A scope
   * open across the undo of an earlier change puts back what it did and throws `stale()`
   * (default: KMSInternalException).
   */
  end(stale?: () => Error): AuditIntent | undefined;
  /** The call failed: put back what it changed in memory. */
  cancel(): void;
}

/** What the ledger needs from its session. */
export interface LedgerHost {
  readonly vault: VaultHandle;
  /** Resolves once what unlock had to write is written. */
  ready(): Promise<void>;
  /** The change captured since the last take (kms/change-set.ts ChangeTracker.take). */
  take(): CapturedChange | undefined;
  /** A change settled (committed or undone): wake waiters, maybe compact. */
  settle(): void;
  /** A slot change was committed: write a snapshot carrying it soon. */
  slotsCommitted(): void;
}

interface OpenChange {
  change: CapturedChange | undefined;
  slots: Slot[] | undefined;
  slotsBefore: Slot[];
  tag?: RecordTag;
  done: boolean;
}

interface Scope {
  slotsBefore: Slot[];
  aborts: number;
  staged: Slot[] | undefined;
}

function drop(c: CapturedChange | undefined): void {
  c?.undo();
  c?.bytes.fill(0);
}

/** The open scope and the changes waiting for their records (see the file comment). */
export class ChangeLedger {
  /** The unlock slots as the latest change left them (committed or waiting for its record). */
  slots: Slot[];
  /** Counts undos of changes whose record was not written. */
  aborts = 0;
  readonly #open: OpenChange[] = [];
  #scope: Scope | undefined;

  constructor(private readonly host: LedgerHost) {
    this.slots = host.vault.slots();
  }

  /** True while a scope is open. */
  get scopeOpen(): boolean {
    return this.#scope !== undefined;
  }

  /** Changes handed over and waiting for their records. */
  get waiting(): number {
    return this.#open.length;
  }

  /** Stage slots in the open scope. KMSInternalException outside a scope. */
  stageSlots(slots: Slot[]): void {
    if (!this.#scope) throw new KMSInternalException('An unlock slot change must run as a recorded change.');
    this.#scope.staged = slots;
    this.slots = slots;
  }

  /** Open a scope (one at a time). */
  begin(): ChangeScope {
    if (this.#scope) throw new Error('beginChange: a change is already being captured');
    const st: Scope = { slotsBefore: this.slots, aborts: this.aborts, staged: undefined };
    this.#scope = st;
    const putBack = (): void => {
      drop(this.host.take());
      this.slots = st.slotsBefore;
      this.host.settle();
    };
    return {
      stageSlots: (slots) => {
        if (this.#scope === st) this.stageSlots(slots);
      },
      cancel: () => {
        if (this.#scope !== st) return;
        this.#scope = undefined;
        putBack();
      },
      end: (stale = () => new KMSInternalException('An earlier change was undone while this change was made; it was put back.')) => {
        if (this.#scope !== st) return undefined;
        this.#scope = undefined;
        if (this.aborts !== st.aborts) {
          putBack();
          throw stale();
        }
        const change = this.host.take();
        if (!change && !st.staged) {
          this.host.settle();
          return undefined;
        }
        return this.#intentOf({ change, slots: st.staged, slotsBefore: st.slotsBefore, done: false });
      },
    };
  }

  #intentOf(entry: OpenChange): AuditIntent {
    this.#open.push(entry);
    const { vault } = this.host;
    return {
      prepare: async (tag) => {
        if (entry.done) throw new KMSInternalException('The change was already undone.');
        entry.tag = tag;
        await this.host.ready();
        await Promise.all([
          entry.change ? vault.appendChange(entry.change.bytes.slice(), tag) : undefined,
          entry.slots ? vault.prepareSlots(tag, entry.slots) : undefined,
        ]);
      },
      commit: () => {
        if (entry.done) return;
        entry.done = true;
        entry.change?.release();
        entry.change?.bytes.fill(0);
        this.#open.splice(this.#open.indexOf(entry), 1);
        if (entry.slots && entry.tag) {
          vault.commitSlots(entry.tag);
          this.host.slotsCommitted();
        }
        this.host.settle();
      },
      abort: () => {
        if (!entry.done) this.#abortFrom(entry);
      },
    };
  }

  /** Undo `entry`, every change captured after it and the open scope, newest first, in this tick. */
  #abortFrom(entry: OpenChange): void {
    const scope = this.#scope;
    if (scope) drop(this.host.take()); // made on top of it
    for (const e of this.#open.splice(this.#open.indexOf(entry)).reverse()) {
      e.done = true;
      drop(e.change);
      if (e.tag && e.change) void this.host.vault.appendAbort(e.tag).catch(() => undefined);
      if (e.tag && e.slots) this.host.vault.abortSlots(e.tag);
    }
    this.slots = entry.slotsBefore;
    if (scope) scope.slotsBefore = entry.slotsBefore;
    this.aborts++;
    this.host.settle();
  }
}
