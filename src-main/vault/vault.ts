/**
 * The vault: Keyward's whole state as one opaque body in one encrypted file
 * (ARCHITECTURE.md "The vault"). The caller serialises its state into the body; the vault
 * only seals, persists and unlocks it.
 *
 * - format.ts: the file layout (magic, version, header, sealed body, SHA-256 trailer).
 * - slots.ts: passphrase (scrypt) and OS-keychain slots wrapping the vault key.
 * - persist.ts: atomic replace, previous generation; lock-file.ts: single writer.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { dirname } from 'node:path';
import {
  IncorrectPassphraseException, KeychainUnavailableException, VaultCorruptedException,
  VaultLockedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import { errCode, nodeFs, type VaultFs } from './fs-port.js';
import {
  encodeVaultFile, keychainSlotOf, openBody, parseVaultFile, passphraseSlotOf, type Slot,
  VAULT_KEY_LENGTH, type VaultHeader,
} from './format.js';
import { aKdfParams, DEFAULT_KDF, type KdfParams } from './kdf.js';
import type { Keychain } from './keychain.js';
import { abandonLock, acquireLock, type HeldLock, releaseLock } from './lock-file.js';
import { cleanupTemps, createVaultFile, existsError, prevPathOf, replaceVaultFile } from './persist.js';
import {
  keyCheckOf, keyMatches, makeKeychainSlot, makePassphraseSlot, unwrapKeychainSlot, unwrapPassphraseSlot,
} from './slots.js';

export { DEFAULT_KDF, type KdfParams };

export interface VaultHandle {
  readonly vaultId: string;
  readonly path: string;
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
  /** Zero the vault key and body buffers, release the writer lock. Further calls throw VaultLockedException. */
  lock(): Promise<void>;
}

const INCORRECT_PASSPHRASE = 'The passphrase is incorrect. Nothing was changed.';
const LOCKED = 'The vault is locked. Unlock it with the passphrase or the OS keychain first.';

interface State {
  readonly path: string;
  fs: VaultFs;
  readonly lock: HeldLock;
  header: VaultHeader;
  readonly key: Uint8Array;
  body: Uint8Array;
  status: 'open' | 'locking' | 'locked';
  /** Tail of the write queue; never rejects. */
  queue: Promise<void>;
  nextGeneration: number;
  lockDone?: Promise<void>;
}

const states = new WeakMap<VaultHandle, State>();

class Handle implements VaultHandle {
  readonly vaultId: string;
  readonly path: string;
  readonly #s: State;

  constructor(s: State) {
    this.#s = s;
    this.vaultId = s.header.vaultId;
    this.path = s.path;
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
    const s = this.#s;
    const run = s.queue.then(fn);
    s.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
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
        if (!got || got.length !== s.key.length || !timingSafeEqual(got, s.key)) {
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

  lock(): Promise<void> {
    const s = this.#s;
    if (s.lockDone) return s.lockDone;
    s.status = 'locking';
    s.lockDone = (async () => {
      await s.queue; // let queued writes finish while the key still exists
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

function aBytes(v: unknown, title: string): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`"${title}" expected Uint8Array`);
}

function aString(v: unknown, title: string): asserts v is string {
  if (typeof v !== 'string') throw new TypeError(`"${title}" expected a string`);
}

function aPassphrase(v: unknown, title: string): asserts v is string {
  aString(v, title);
  if (v.length === 0) throw new RangeError(`"${title}" expected a non-empty passphrase`);
}

function aPath(v: unknown): asserts v is string {
  aString(v, 'path');
  if (v.length === 0) throw new RangeError('"path" expected a non-empty file path');
}

function notFound(path: string): VaultNotFoundException {
  return new VaultNotFoundException(`No vault file at ${path}. Create a vault, or choose the file that holds yours.`);
}

async function readVaultBytes(fs: VaultFs, path: string, missing: () => Error = () => notFound(path)): Promise<Uint8Array> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (errCode(e) === 'ENOENT') throw missing();
    throw e;
  }
}

async function lockFor(fs: VaultFs, path: string): Promise<HeldLock> {
  try {
    return await acquireLock(fs, path);
  } catch (e) {
    if (errCode(e) === 'ENOENT') {
      throw new VaultNotFoundException(`The folder ${dirname(path)} does not exist. Create it, or choose another location.`);
    }
    throw e;
  }
}

/**
 * Shared open path: lock, read, check, unlock a slot, open the body. On any failure the
 * key is zeroed and the lock released; the vault file is never written.
 */
async function openWith(
  path: string,
  generation: 'current' | 'previous',
  unlock: (header: VaultHeader, source: string) => Promise<Uint8Array>,
): Promise<VaultHandle> {
  const fs = nodeFs;
  const source = generation === 'previous' ? prevPathOf(path) : path;
  const missing =
    generation === 'previous'
      ? () => new VaultNotFoundException(`No previous generation of the vault exists (${source}). Open the current one.`)
      : () => notFound(path);
  if (!(await fs.exists(source))) throw missing();
  const lock = await lockFor(fs, path);
  let key: Uint8Array | undefined;
  let body: Uint8Array | undefined;
  try {
    const file = parseVaultFile(await readVaultBytes(fs, source, missing), source);
    key = await unlock(file.header, source);
    if (!keyMatches(file.header, key)) {
      throw new VaultCorruptedException(
        `The vault file ${source} is damaged (its key check does not match its unlock slot). Open the previous generation, or restore it from a backup.`,
      );
    }
    body = openBody(file, key, source);
    let nextGeneration = file.header.generation + 1;
    if (generation === 'previous') {
      // Keep generations increasing past the current file's, when it is readable.
      try {
        const cur = parseVaultFile(await fs.readFile(path), path);
        nextGeneration = Math.max(nextGeneration, cur.header.generation + 1);
      } catch {
        // the current file is missing or damaged: that is why the previous one was opened
      }
    }
    await cleanupTemps(fs, path);
    const handle = new Handle({
      path, fs, lock, header: file.header, key, body, status: 'open', queue: Promise.resolve(), nextGeneration,
    });
    key = undefined;
    body = undefined;
    return handle;
  } catch (e) {
    key?.fill(0);
    body?.fill(0);
    await releaseLock(fs, lock);
    throw e;
  }
}

/** true if a file exists at `path` (it may still fail to open). */
export async function vaultExists(path: string): Promise<boolean> {
  aPath(path);
  return nodeFs.exists(path);
}

/**
 * Create a vault holding `body`, with a passphrase slot and optionally a keychain slot.
 * VaultExistsException if a file is there; KeychainUnavailableException if `keychain` is
 * given but cannot protect the key (nothing is created then).
 */
export async function createVault(
  path: string,
  passphrase: string,
  body: Uint8Array,
  opts: { kdf?: KdfParams; keychain?: Keychain } = {},
): Promise<VaultHandle> {
  aPath(path);
  aPassphrase(passphrase, 'passphrase');
  aBytes(body, 'body');
  const kdf = aKdfParams(opts.kdf ?? DEFAULT_KDF);
  const fs = nodeFs;
  if (await fs.exists(path)) throw existsError(path);
  const lock = await lockFor(fs, path);
  let key: Uint8Array | undefined = new Uint8Array(randomBytes(VAULT_KEY_LENGTH));
  let copy: Uint8Array | undefined = body.slice();
  try {
    const vaultId = randomUUID();
    const slots: Slot[] = [await makePassphraseSlot(vaultId, key, passphrase, kdf)];
    if (opts.keychain) slots.push(await makeKeychainSlot(vaultId, key, opts.keychain));
    const header: VaultHeader = {
      vaultId, createdAt: new Date().toISOString(), generation: 0, keyCheck: keyCheckOf(vaultId, key), slots,
    };
    await createVaultFile(fs, path, encodeVaultFile(header, key, copy));
    const handle = new Handle({
      path, fs, lock, header, key, body: copy, status: 'open', queue: Promise.resolve(), nextGeneration: 1,
    });
    key = undefined;
    copy = undefined;
    return handle;
  } catch (e) {
    key?.fill(0);
    copy?.fill(0);
    await releaseLock(fs, lock);
    throw e;
  }
}

/**
 * Unlock with the passphrase. IncorrectPassphraseException if it is wrong (the file is
 * untouched); `generation: 'previous'` opens `<path>.prev`, and later commits replace `path`.
 */
export async function openVaultWithPassphrase(
  path: string,
  passphrase: string,
  opts: { generation?: 'current' | 'previous' } = {},
): Promise<VaultHandle> {
  aPath(path);
  aString(passphrase, 'passphrase');
  const generation = opts.generation ?? 'current';
  if (generation !== 'current' && generation !== 'previous') {
    throw new RangeError('"generation" expected \'current\' or \'previous\'');
  }
  return openWith(path, generation, async (header) => {
    const slot = passphraseSlotOf(header);
    const key = await unwrapPassphraseSlot(header.vaultId, slot, aKdfParams(slot, 'slot'), passphrase);
    if (!key) throw new IncorrectPassphraseException(INCORRECT_PASSPHRASE);
    return key;
  });
}

/** Unlock with the OS keychain slot. KeychainUnavailableException when that is not possible. */
export async function openVaultWithKeychain(path: string, keychain: Keychain): Promise<VaultHandle> {
  aPath(path);
  return openWith(path, 'current', async (header) => {
    const slot = keychainSlotOf(header);
    if (!slot) {
      throw new KeychainUnavailableException('This vault has no OS keychain slot. Unlock it with the passphrase.');
    }
    return unwrapKeychainSlot(header, slot, keychain);
  });
}

/** The header's public facts; needs no secret and takes no lock. */
export async function readVaultHeader(
  path: string,
): Promise<{ vaultId: string; hasKeychainSlot: boolean; keychainBackend?: string; kdf: KdfParams }> {
  aPath(path);
  const { header } = parseVaultFile(await readVaultBytes(nodeFs, path), path);
  const kc = keychainSlotOf(header);
  const slot = passphraseSlotOf(header);
  const kdf: KdfParams = { N: slot.N, r: slot.r, p: slot.p };
  return kc
    ? { vaultId: header.vaultId, hasKeychainSlot: true, keychainBackend: kc.backend, kdf }
    : { vaultId: header.vaultId, hasKeychainSlot: false, kdf };
}

function stateOf(h: VaultHandle): State {
  const s = states.get(h);
  if (!s) throw new TypeError('not a vault handle from this module');
  return s;
}

/** Test hooks (not for production code). */
export const __TESTS = {
  /** The live key and body buffers a handle holds (to check that lock() zeroes them). */
  buffersOf(h: VaultHandle): { key: Uint8Array; body: Uint8Array } {
    const s = stateOf(h);
    return { key: s.key, body: s.body };
  },
  /** Swap the filesystem port of an open handle (to inject crashes). */
  setFs(h: VaultHandle, fs: VaultFs): void {
    stateOf(h).fs = fs;
  },
  /** Simulate the process dying: the handle stops, its lock file stays behind. */
  crash(h: VaultHandle): void {
    const s = stateOf(h);
    s.status = 'locked';
    s.key.fill(0);
    s.body.fill(0);
    abandonLock(s.lock);
  },
  header(h: VaultHandle): VaultHeader {
    return stateOf(h).header;
  },
};
