/**
 * An unlocked vault: the handle that holds the vault key and the body, and serialises every
 * write (commit, passphrase change, keychain slot) through one queue.
 */
import { IncorrectPassphraseException, KeychainUnavailableException, VaultLockedException } from '../../src-shared/kms/errors.js';
import { equalBytes } from '../crypto/random.js';
import { type FsPort, unlinkIfPresent } from '../platform/fs.js';
import { type SerialQueue } from '../platform/serial-queue.js';
import { encodeVaultFile, keychainSlotOf, passphraseSlotOf, type Slot, type VaultHeader } from './format.js';
import { aBytes, aString } from '../../src-shared/guards.js';
import { aPassphrase } from './guards.js';
import { aKdfParams, type KdfParams } from './kdf.js';
import type { Keychain } from './keychain.js';
import type { ReconcileReport } from './pending.js';
import { type HeldLock, releaseLock } from './lock-file.js';
import { pendingPathOf, promotePending, replaceVaultFile, writePendingFile } from './persist.js';
import { makeKeychainSlot, makePassphraseSlot, unwrapPassphraseSlot } from './slots.js';

/** An unlocked vault. Every method but lock() throws VaultLockedException once locked. */
export interface VaultHandle {
  readonly vaultId: string;
  readonly path: string;
  /** What open() did with changes written ahead of their audit record (pending.ts). */
  readonly reconciled: ReconcileReport;
  /** Current body bytes (a copy). */
  readBody(): Uint8Array;
  /** Atomically replace the body; resolves once durable (fsync'd + renamed). Serialised: concurrent calls queue. */
  commit(body: Uint8Array): Promise<void>;
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
  /** The unlock slots of the last committed write (a copy of the list). */
  slots(): Slot[];
  /**
   * `base` with its passphrase slot re-wrapped under `next`; writes nothing.
   * IncorrectPassphraseException if `current` does not open `base`'s passphrase slot.
   */
  passphraseSlots(base: readonly Slot[], current: string, next: string, kdf?: KdfParams): Promise<Slot[]>;
  /** `base` with a fresh OS-keychain slot; writes nothing. KeychainUnavailableException without a usable keychain. */
  keychainSlots(base: readonly Slot[], keychain: Keychain): Promise<Slot[]>;
  /**
   * Write the vault with `slots` and `body` as a pending file named by `tag` (persist.ts,
   * pendingPathOf), durably; nothing is committed until commitChange (audit/intent.ts).
   */
  prepareChange(tag: { seq: number; hash: string }, slots: readonly Slot[], body: Uint8Array): Promise<void>;
  /** Rename the pending file of `tag` over the vault (in call order) and adopt its header and body. */
  commitChange(tag: { seq: number; hash: string }): Promise<void>;
  /** Delete the pending file of `tag`, if any. */
  abortChange(tag: { seq: number; hash: string }): Promise<void>;
  /** Zero the vault key and body buffers, release the writer lock. Further calls throw VaultLockedException. */
  lock(): Promise<void>;
}

export const INCORRECT_PASSPHRASE = 'The passphrase is incorrect. Nothing was changed.';
const LOCKED = 'The vault is locked. Unlock it with the passphrase or the OS keychain first.';

/** What an open handle holds; test hooks reach it through stateOf(). */
export interface State {
  readonly path: string;
  fs: FsPort;
  readonly lock: HeldLock;
  header: VaultHeader;
  readonly key: Uint8Array;
  body: Uint8Array;
  status: 'open' | 'locking' | 'locked';
  /** Vault writes, one at a time, in call order; a failed write does not block later ones. */
  readonly queue: SerialQueue;
  nextGeneration: number;
  lockDone?: Promise<void>;
  reconciled?: ReconcileReport;
  /** Changes written as pending files, by path: their header and body (pending.ts). */
  prepared?: Map<string, { header: VaultHeader; body: Uint8Array }>;
}

const states = new WeakMap<VaultHandle, State>();

/** The one implementation of VaultHandle; made by vault.ts once a slot has unlocked the key. */
export class Handle implements VaultHandle {
  readonly vaultId: string;
  readonly path: string;
  readonly reconciled: ReconcileReport;
  readonly #s: State;

  constructor(s: State) {
    this.#s = s;
    this.vaultId = s.header.vaultId;
    this.path = s.path;
    this.reconciled = s.reconciled ?? { discarded: [] };
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

  /** Write a new generation with `slots` and `body`; adopt the header only once durable. */
  async #write(slots: Slot[], body: Uint8Array): Promise<void> {
    const s = this.#s;
    const header: VaultHeader = { ...s.header, generation: s.nextGeneration++, slots };
    const bytes = encodeVaultFile(header, s.key, body);
    await replaceVaultFile(s.fs, s.path, bytes);
    s.header = header;
  }

  readBody(): Uint8Array {
    return this.#open().body.slice();
  }

  commit(body: Uint8Array): Promise<void> {
    try {
      this.#open();
      aBytes(body, 'body');
    } catch (e) {
      return Promise.reject(e);
    }
    const copy = body.slice(); // the caller may reuse or zero its buffer once we return
    return this.#enqueue(async () => {
      const s = this.#s;
      try {
        await this.#write(s.header.slots, copy);
      } catch (e) {
        copy.fill(0);
        throw e;
      }
      const old = s.body;
      s.body = copy;
      old.fill(0);
    });
  }

  changePassphrase(current: string, next: string, kdf?: KdfParams): Promise<void> {
    let params: KdfParams | undefined;
    try {
      this.#open();
      aString(current, 'current');
      aPassphrase(next, 'next');
      params = kdf === undefined ? undefined : aKdfParams(kdf);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#enqueue(async () => {
      const s = this.#s;
      const slot = passphraseSlotOf(s.header);
      const got = await unwrapPassphraseSlot(s.header.vaultId, slot, aKdfParams(slot, 'slot'), current);
      try {
        if (!got || !equalBytes(got, s.key)) {
          throw new IncorrectPassphraseException(INCORRECT_PASSPHRASE);
        }
      } finally {
        got?.fill(0);
      }
      const fresh = await makePassphraseSlot(s.header.vaultId, s.key, next, params ?? aKdfParams(slot, 'slot'));
      await this.#write(
        s.header.slots.map((x) => (x.type === 'passphrase' ? fresh : x)),
        s.body,
      );
    });
  }

  addKeychainSlot(keychain: Keychain): Promise<void> {
    return this.#whenOpen(async () => {
      const s = this.#s;
      const slot = await makeKeychainSlot(s.header.vaultId, s.key, keychain);
      await this.#write([...s.header.slots.filter((x) => x.type !== 'keychain'), slot], s.body);
    });
  }

  removeKeychainSlot(keychain: Keychain): Promise<void> {
    return this.#whenOpen(async () => {
      const s = this.#s;
      if (keychainSlotOf(s.header)) {
        await this.#write(s.header.slots.filter((x) => x.type !== 'keychain'), s.body);
      }
      try {
        await keychain.forget(s.header.vaultId);
      } catch {
        throw new KeychainUnavailableException(
          'The keychain slot was removed from the vault, but the OS keychain could not delete its entry. ' +
            'Remove the Keyward entry from the OS keychain by hand.',
        );
      }
    });
  }

  hasKeychainSlot(): boolean {
    return keychainSlotOf(this.#open().header) !== undefined;
  }

  slots(): Slot[] {
    return [...this.#open().header.slots];
  }

  async passphraseSlots(base: readonly Slot[], current: string, next: string, kdf?: KdfParams): Promise<Slot[]> {
    const s = this.#open();
    aString(current, 'current');
    aPassphrase(next, 'next');
    const slot = passphraseSlotOf({ ...s.header, slots: [...base] });
    const got = await unwrapPassphraseSlot(s.header.vaultId, slot, aKdfParams(slot, 'slot'), current);
    try {
      if (!got || !equalBytes(got, s.key)) throw new IncorrectPassphraseException(INCORRECT_PASSPHRASE);
    } finally {
      got?.fill(0);
    }
    const fresh = await makePassphraseSlot(s.header.vaultId, s.key, next, kdf === undefined ? aKdfParams(slot, 'slot') : aKdfParams(kdf));
    return base.map((x) => (x.type === 'passphrase' ? fresh : x));
  }

  async keychainSlots(base: readonly Slot[], keychain: Keychain): Promise<Slot[]> {
    const s = this.#open();
    const slot = await makeKeychainSlot(s.header.vaultId, s.key, keychain);
    return [...base.filter((x) => x.type !== 'keychain'), slot];
  }

  /** Not queued behind earlier commits (a pending file is a file of its own); sealed at once. */
  async prepareChange(tag: { seq: number; hash: string }, slots: readonly Slot[], body: Uint8Array): Promise<void> {
    const s = this.#open();
    const header: VaultHeader = { ...s.header, generation: s.nextGeneration++, slots: [...slots] };
    const file = pendingPathOf(s.path, tag);
    const copy = body.slice();
    await writePendingFile(s.fs, file, encodeVaultFile(header, s.key, copy));
    (s.prepared ??= new Map()).set(file, { header, body: copy });
  }

  commitChange(tag: { seq: number; hash: string }): Promise<void> {
    return this.#whenOpen(async () => {
      const s = this.#s;
      const file = pendingPathOf(s.path, tag);
      const p = s.prepared?.get(file);
      if (!p) return;
      await promotePending(s.fs, s.path, file);
      s.prepared?.delete(file);
      s.header = p.header;
      const old = s.body;
      s.body = p.body;
      old.fill(0);
    });
  }

  abortChange(tag: { seq: number; hash: string }): Promise<void> {
    return this.#whenOpen(async () => {
      const s = this.#s;
      const file = pendingPathOf(s.path, tag);
      s.prepared?.get(file)?.body.fill(0);
      s.prepared?.delete(file);
      await unlinkIfPresent(s.fs, file);
    });
  }

  lock(): Promise<void> {
    const s = this.#s;
    if (s.lockDone) return s.lockDone;
    s.status = 'locking';
    s.lockDone = (async () => {
      await s.queue.idle(); // let queued writes finish while the key still exists
      try {
        s.key.fill(0);
        s.body.fill(0);
        s.body = new Uint8Array(0);
        for (const p of s.prepared?.values() ?? []) p.body.fill(0);
        s.prepared?.clear();
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
