/**
 * An unlocked vault: the handle that holds the vault key, the snapshot body and the open
 * journal (journal.ts), and runs every disk step (journal appends, snapshot writes) through
 * one queue. A snapshot write (commit of a whole body, compaction, passphrase or keychain
 * slot change) writes a new generation, keeps the journal it folds as `<vault>.journal.prev`
 * (the journal of `<vault>.prev`) and starts an empty journal for the new generation.
 */
import { KeychainUnavailableException, VaultLockedException } from '../../src-shared/kms/errors.js';
import { SerialQueue } from '../platform/serial-queue.js';
import { encodeVaultFile, keychainSlotOf, type Slot, type VaultHeader } from './format.js';

export { type HandleInit, snapshotTagOf, type State, type VaultHandle };
import { aBytes } from '../../src-shared/guards.js';
import { abortSlots, commitSlots, INCORRECT_PASSPHRASE, keychainSlotsOf, passphraseSlotsOf, prepareSlots, settleSlots } from './handle-slots.js';
import type { KdfParams } from './kdf.js';
import type { ReconcileReport } from './pending.js';
import type { Keychain } from './keychain.js';
import type { Frame, FrameKind, RecordTag } from './journal-format.js';
import { Journal, journalPathOf, journalPrevPathOf } from './journal.js';
import { type HandleInit, snapshotTagOf, type State, type VaultHandle } from './handle-api.js';
import { releaseLock } from './lock-file.js';
import { replaceVaultFile } from './persist.js';

export { INCORRECT_PASSPHRASE };
const FORGET_FAILED = 'The keychain slot was removed from the vault, but the OS keychain could not delete its entry. Remove the Keyward entry from the OS keychain by hand.';
const LOCKED = 'The vault is locked. Unlock it with the passphrase or the OS keychain first.';

const states = new WeakMap<VaultHandle, State>();

/** The one implementation of VaultHandle; made by vault.ts once a slot has unlocked the key. */
export class Handle implements VaultHandle {
  readonly vaultId: string;
  readonly path: string;
  readonly reconciled: ReconcileReport;
  readonly #s: State;

  constructor(init: HandleInit) {
    const { journal: j, snapshotTag, reconciled, slotsPending, ...rest } = init;
    const queue = new SerialQueue();
    const s: State = {
      ...rest,
      status: 'open',
      queue,
      headerQueue: new SerialQueue(),
      opened: { frames: j.frames, ...(j.cut ? { cut: j.cut } : {}) },
      reconciled: reconciled ?? { discarded: [] },
      pendingSlots: new Map(slotsPending ? [[slotsPending.file, { tag: slotsPending.tag, slots: init.header.slots }]] : []),
      adopted: slotsPending?.tag,
      adoptions: 0,
      journal: new Journal(() => s.fs, init.path, init.key, queue, { vaultId: init.header.vaultId, generation: init.header.generation, snapshotTag }, j.start, j.witness),
    };
    this.#s = s;
    this.vaultId = s.header.vaultId;
    this.path = s.path;
    this.reconciled = s.reconciled;
    states.set(this, s);
  }

  #open(): State {
    if (this.#s.status !== 'open') throw new VaultLockedException(LOCKED);
    return this.#s;
  }

  /** Queue `fn` if the vault is open; a locked vault rejects at once (VaultLockedException). */
  #whenOpen<T>(fn: () => Promise<T>): Promise<T> {
    try {
      this.#open();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#enqueue(fn);
  }

  /** Run `fn` after every earlier write; a failed write does not block later ones. */
  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    return this.#s.queue.run(fn);
  }

  /**
   * Write a new generation with `slots` and `body` (run on the queue); adopt it only once
   * durable. The journal it folds becomes `<vault>.journal.prev`, a new one is started.
   */
  async #write(slots: Slot[], body: Uint8Array): Promise<void> {
    const s = this.#s;
    const [adopted, adoptions] = [s.adopted, s.adoptions];
    const header: VaultHeader = { ...s.header, generation: s.nextGeneration++, slots };
    const bytes = encodeVaultFile(header, s.key, body);
    await replaceVaultFile(s.fs, s.path, bytes);
    // A slot change committed while this was written stays in force (the next snapshot writes it).
    s.header = s.adoptions === adoptions ? header : { ...header, slots: s.header.slots };
    if (adopted) await settleSlots(s, adopted).catch(() => undefined); // open() discards them otherwise
    if (s.adoptions === adoptions) s.adopted = undefined;
    const old = s.journal;
    await old.close();
    if (s.needsSnapshot) {
      // Opened at the previous generation: `old` is `.journal.prev`, folded into this snapshot.
      // A `.journal` beside it belongs to the damaged generation: kept aside, never replayed.
      await s.fs.rename(journalPathOf(s.path), `${journalPathOf(s.path)}.superseded-${header.generation}`).catch((e: unknown) => {
        if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) throw e;
      });
    } else if (old.exists) {
      await s.fs.rename(journalPathOf(s.path), journalPrevPathOf(s.path));
    }
    s.journal = new Journal(() => this.#s.fs, s.path, s.key, s.queue, { vaultId: s.header.vaultId, generation: header.generation, snapshotTag: snapshotTagOf(bytes) }, undefined, old.witness);
    s.snapshotBytes = bytes.length;
    s.needsSnapshot = false;
    const prev = s.body;
    s.body = body.slice();
    prev.fill(0);
    // The new journal's header carries the witness, so it outlives the folded journal.
    if (old.witness) await s.journal.create();
  }

  /** Run `fn(body)` on the queue with the committed body from the body source (or the snapshot's when there is none). */
  async #withCommittedBody(fn: (body: Uint8Array) => Promise<void>): Promise<void> {
    const s = this.#s;
    for (;;) {
      const got = s.bodySource ? await s.bodySource() : { body: s.body.slice(), frames: s.journal.frames };
      const done = await this.#enqueue(async () => {
        if (s.journal.frames !== got.frames) return false; // appended meanwhile: take a newer body
        await fn(got.body);
        return true;
      }).finally(() => got.body.fill(0));
      if (done) return;
    }
  }

  readBody(): Uint8Array { return this.#open().body.slice(); }

  commit(body: Uint8Array): Promise<void> {
    try {
      this.#open();
      aBytes(body, 'body');
    } catch (e) {
      return Promise.reject(e);
    }
    const copy = body.slice(); // the caller may reuse or zero its buffer once we return
    return this.#enqueue(async () => {
      try {
        await this.#write(this.#s.header.slots, copy);
      } finally {
        copy.fill(0);
      }
    });
  }

  takeJournal(): { frames: Frame[]; cut?: { index: number; bytes: number } } {
    const s = this.#open();
    const got = s.opened;
    s.opened = { frames: [] };
    return got;
  }

  appendChange(payload: Uint8Array, tag: RecordTag | undefined): Promise<void> { return this.#append('change', tag, payload); }

  appendAbort(tag: RecordTag): Promise<void> { return this.#append('abort', tag, new Uint8Array(0)); }

  appendWitness(tag: RecordTag): Promise<void> { return this.#append('witness', tag, new Uint8Array(0)); }

  /**
   * Append to the open journal. A frame queued behind a snapshot write lands on the journal
   * that write closed: it goes to the new journal instead (the snapshot was taken before it).
   */
  #append(kind: FrameKind, tag: RecordTag | undefined, payload: Uint8Array): Promise<void> {
    try {
      const s = this.#open();
      if (s.needsSnapshot) throw new Error('the vault was opened at its previous generation: write a snapshot first');
    } catch (e) {
      return Promise.reject(e);
    }
    const j = this.#s.journal;
    const copy = payload.slice();
    return j.append(kind, tag, payload).then(() => void copy.fill(0), (e: unknown) => {
      if (j === this.#s.journal || this.#s.status !== 'open') {
        copy.fill(0);
        throw e;
      }
      return this.#append(kind, tag, copy);
    });
  }

  latestWitness(): RecordTag | undefined { return this.#open().journal.witness; }

  journalStats(): { frames: number; bytes: number; snapshotBytes: number } {
    const s = this.#open();
    return { frames: s.journal.frames, bytes: s.journal.size, snapshotBytes: s.snapshotBytes };
  }

  compact(body: Uint8Array, frames: number): Promise<boolean> {
    const copy = body.slice();
    return this.#whenOpen(async () => {
      try {
        if (this.#s.journal.frames !== frames) return false;
        await this.#write(this.#s.header.slots, copy);
        return true;
      } finally {
        copy.fill(0);
      }
    });
  }

  setBodySource(source: () => Promise<{ body: Uint8Array; frames: number }>): void {
    this.#s.bodySource = source;
  }

  get needsSnapshot(): boolean { return this.#s.needsSnapshot; }

  changePassphrase(current: string, next: string, kdf?: KdfParams): Promise<void> {
    return this.#headerChange(async () => {
      const slots = await passphraseSlotsOf(this.#s, this.#s.header.slots, current, next, kdf);
      await this.#withCommittedBody((body) => this.#write(slots, body));
    });
  }

  /** Header changes run one at a time; their slow KDF work runs outside the disk queue. */
  #headerChange<T>(fn: () => Promise<T>): Promise<T> {
    try {
      this.#open();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#s.headerQueue.run(fn);
  }

  addKeychainSlot(keychain: Keychain): Promise<void> {
    return this.#headerChange(async () => {
      const slots = await keychainSlotsOf(this.#s, this.#s.header.slots, keychain);
      await this.#withCommittedBody((body) => this.#write(slots, body));
    });
  }

  removeKeychainSlot(keychain: Keychain): Promise<void> {
    return this.#headerChange(async () => {
      const s = this.#s;
      if (keychainSlotOf(s.header)) {
        await this.#withCommittedBody((body) => this.#write(s.header.slots.filter((x) => x.type !== 'keychain'), body));
      }
      try {
        await keychain.forget(s.header.vaultId);
      } catch {
        throw new KeychainUnavailableException(FORGET_FAILED);
      }
    });
  }

  slots(): Slot[] { return [...this.#open().header.slots]; }

  passphraseSlots(base: readonly Slot[], current: string, next: string, kdf?: KdfParams): Promise<Slot[]> { return this.#headerChange(() => passphraseSlotsOf(this.#s, base, current, next, kdf)); }

  keychainSlots(base: readonly Slot[], keychain: Keychain): Promise<Slot[]> { return this.#headerChange(() => keychainSlotsOf(this.#s, base, keychain)); }

  prepareSlots(tag: RecordTag, slots: readonly Slot[]): Promise<void> { return this.#headerChange(() => prepareSlots(this.#s, tag, slots)); }

  commitSlots(tag: RecordTag): void {
    if (this.#s.status === 'open') commitSlots(this.#s, tag);
  }

  abortSlots(tag: RecordTag): void { void abortSlots(this.#s, tag); }

  get slotsPending(): boolean { return this.#s.adopted !== undefined; }

  pendingTags(): RecordTag[] {
    return this.#open().opened.frames.filter((f) => f.kind === 'change' && f.tag).map((f) => f.tag!); // filtered on f.tag
  }

  hasKeychainSlot(): boolean { return keychainSlotOf(this.#open().header) !== undefined; }

  lock(): Promise<void> {
    const s = this.#s;
    if (s.lockDone) return s.lockDone;
    s.status = 'locking';
    s.lockDone = (async () => {
      await s.headerQueue.idle();
      await s.queue.idle(); // let queued writes finish while the key still exists
      await s.journal.close();
      try {
        s.key.fill(0);
        s.body.fill(0);
        s.body = new Uint8Array(0);
      } finally {
        s.status = 'locked';
        await releaseLock(s.fs, s.lock);
      }
    })();
    return s.lockDone;
  }
}

/** The state behind a handle made here (test hooks). TypeError for anything else. */
export function stateOf(h: VaultHandle): State {
  const s = states.get(h);
  if (!s) throw new TypeError('not a vault handle from this module');
  return s;
}
