/** The unlocked vault's interface and the state behind it (the implementation is handle.ts). */
import type { FsPort } from '../platform/fs.js';
import type { SerialQueue } from '../platform/serial-queue.js';
import type { VaultHeader } from './format.js';
import type { Frame, RecordTag } from './journal-format.js';
import type { Journal } from './journal.js';
import type { OpenedJournal } from './journal-open.js';
import type { KdfParams } from './kdf.js';
import type { Keychain } from './keychain.js';
import type { HeldLock } from './lock-file.js';
import type { ReconcileReport } from './pending.js';
import type { Slot } from './format.js';

/** An unlocked vault. Every method but lock() throws VaultLockedException once locked. */
export interface VaultHandle {
  readonly vaultId: string;
  readonly path: string;
  /** What open() did with unlock slot changes written ahead of their audit record (pending.ts). */
  readonly reconciled: ReconcileReport;
  /** The unlock slots in force (a copy): the snapshot's, or those of a slot change committed since. */
  slots(): Slot[];
  /**
   * `base` with its passphrase slot re-wrapped under `next`; writes nothing.
   * IncorrectPassphraseException if `current` does not open `base`'s passphrase slot.
   */
  passphraseSlots(base: readonly Slot[], current: string, next: string, kdf?: KdfParams): Promise<Slot[]>;
  /** `base` with a fresh OS-keychain slot; writes nothing. KeychainUnavailableException without a usable keychain. */
  keychainSlots(base: readonly Slot[], keychain: Keychain): Promise<Slot[]>;
  /** Write `slots` durably as the pending slot change of the record `tag` (pending.ts); nothing is in force until commitSlots. */
  prepareSlots(tag: RecordTag, slots: readonly Slot[]): Promise<void>;
  /** The record `tag` is written: its slots are in force; the next snapshot (compact) writes them. */
  commitSlots(tag: RecordTag): void;
  /** The record `tag` will not be written: drop its pending slots (best effort). */
  abortSlots(tag: RecordTag): void;
  /** True while committed slots are not yet in the snapshot file (a snapshot is due). */
  readonly slotsPending: boolean;
  /** The tags of the change frames read at open (their records are looked up before replay). */
  pendingTags(): RecordTag[];
  /** Current body bytes (a copy). */
  readBody(): Uint8Array;
  /** Atomically replace the body (a new snapshot; the journal starts empty); resolves once durable. Serialised: concurrent calls queue. */
  commit(body: Uint8Array): Promise<void>;
  /** The journal frames read at open, after the snapshot (replayed by the caller); empty after the first call. */
  takeJournal(): { frames: Frame[]; cut?: { index: number; bytes: number } };
  /** Append a change frame (a change set), pending on `tag` if given; resolves once durable. Takes ownership of `payload`. */
  appendChange(payload: Uint8Array, tag: RecordTag | undefined): Promise<void>;
  /** Append an abort frame: the change pending on `tag` does not count. */
  appendAbort(tag: RecordTag): Promise<void>;
  /** Append a witness frame: the audit head `tag`, kept outside the audit folder. */
  appendWitness(tag: RecordTag): Promise<void>;
  /** The highest audit tag the vault has seen (change and witness frames, carried over by snapshots). */
  latestWitness(): RecordTag | undefined;
  /** Frames and bytes in the journal, and the snapshot file's size, for the compaction policy. */
  journalStats(): { frames: number; bytes: number; snapshotBytes: number };
  /**
   * Fold the journal: write `body` (the state after its first `frames` frames) as a new
   * snapshot. Resolves false, writing nothing, when more frames were appended meanwhile.
   */
  compact(body: Uint8Array, frames: number): Promise<boolean>;
  /**
   * Where header changes (passphrase, keychain slot) get the body to write with the new
   * header: the current committed state and the number of journal frames it covers.
   */
  setBodySource(source: () => Promise<{ body: Uint8Array; frames: number }>): void;
  /** True when the open generation's journal cannot be appended to until a snapshot is written (opened the previous generation). */
  readonly needsSnapshot: boolean;
  /**
   * Re-wrap the vault key under a new passphrase. IncorrectPassphraseException if `current`
   * is wrong (nothing changed). `kdf` defaults to the current slot's parameters.
   */
  changePassphrase(current: string, next: string, kdf?: KdfParams): Promise<void>;
  /** Add (or replace) the OS-keychain slot. KeychainUnavailableException if there is no usable keychain. */
  addKeychainSlot(keychain: Keychain): Promise<void>;
  /** Remove the keychain slot (if any) and ask the keychain to forget the vault's entry. */
  removeKeychainSlot(keychain: Keychain): Promise<void>;
  hasKeychainSlot(): boolean;
  /** Zero the vault key and body buffers, release the writer lock. Further calls throw VaultLockedException. */
  lock(): Promise<void>;
}

/** What an open handle holds; test hooks reach it through stateOf(). */
export interface State {
  readonly path: string;
  fs: FsPort;
  readonly lock: HeldLock;
  header: VaultHeader;
  readonly key: Uint8Array;
  body: Uint8Array;
  status: 'open' | 'locking' | 'locked';
  /** Disk steps (journal appends, snapshot writes), one at a time, in call order; a failed one does not block later ones. */
  readonly queue: SerialQueue;
  /** Header changes (passphrase, keychain slot), one at a time. */
  readonly headerQueue: SerialQueue;
  nextGeneration: number;
  lockDone?: Promise<void>;
  journal: Journal;
  /** Frames read at open, until taken. */
  opened: { frames: Frame[]; cut?: { index: number; bytes: number } };
  snapshotBytes: number;
  needsSnapshot: boolean;
  bodySource?: () => Promise<{ body: Uint8Array; frames: number }>;
  reconciled: ReconcileReport;
  /** Slot changes written as pending files, by path (pending.ts), until a snapshot carries them or they are aborted. */
  readonly pendingSlots: Map<string, { tag: RecordTag; slots: Slot[] }>;
  /** The newest committed slot change not yet written into a snapshot. */
  adopted: RecordTag | undefined;
  /** Counts adoptions (a snapshot write that raced one keeps the adopted slots). */
  adoptions: number;
}

/** The sealed body's tag inside complete vault file bytes (format.ts: tag, then 32-byte trailer). */
export function snapshotTagOf(file: Uint8Array): Uint8Array {
  return file.slice(file.length - 48, file.length - 32);
}


/** What vault.ts hands a new handle: the opened snapshot and journal. */
export interface HandleInit {
  path: string;
  fs: FsPort;
  lock: HeldLock;
  header: VaultHeader;
  key: Uint8Array;
  body: Uint8Array;
  nextGeneration: number;
  snapshotBytes: number;
  /** The snapshot's sealed body tag (snapshotTagOf). */
  snapshotTag: Uint8Array;
  needsSnapshot: boolean;
  journal: OpenedJournal;
  reconciled?: ReconcileReport;
  /** A slot change whose record is written but whose slots are not in the snapshot yet (header carries them). */
  slotsPending?: { tag: RecordTag; file: string };
}

