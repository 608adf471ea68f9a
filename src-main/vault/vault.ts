/**
 * The vault: Keyward's whole state as one opaque body in one encrypted file. The caller
 * serialises its state into the body; the vault only seals, persists and unlocks it.
 *
 * - format.ts: the file layout (magic, version, header, sealed body, SHA-256 trailer).
 * - slots.ts: passphrase (scrypt) and OS-keychain slots wrapping the vault key.
 * - persist.ts: atomic replace, previous generation; lock-file.ts: single writer.
 * - handle.ts: an unlocked vault and its write queue; this file: create, open, read the header.
 */
import { dirname } from 'node:path';
import {
  IncorrectPassphraseException, KeychainUnavailableException, VaultCorruptedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import { randomBytes, randomUuid } from '../crypto/random.js';
import { errCode, type FsPort, nodeFs, unlinkIfPresent } from '../platform/fs.js';
import {
  encodeVaultFile, keychainSlotOf, openBody, parseVaultFile, passphraseSlotOf, type Slot,
  VAULT_KEY_LENGTH, type VaultHeader,
} from './format.js';
import { aBytes, aString } from '../../src-shared/guards.js';
import { aPassphrase, aPath } from './guards.js';
import { Handle, INCORRECT_PASSPHRASE, snapshotTagOf, stateOf, type VaultHandle } from './handle.js';
import { journalPathOf, journalPrevPathOf } from './journal.js';
import { openJournal } from './journal-open.js';
import { aKdfParams, DEFAULT_KDF, type KdfParams } from './kdf.js';
import type { Keychain } from './keychain.js';
import { abandonLock, acquireLock, type HeldLock, releaseLock } from './lock-file.js';
import { type PendingTag, reconcilePending } from './pending.js';
import { cleanupTemps, createVaultFile, existsError, prevPathOf } from './persist.js';
import {
  keyCheckOf, keyMatches, makeKeychainSlot, makePassphraseSlot, unwrapKeychainSlot, unwrapPassphraseSlot,
} from './slots.js';

export { DEFAULT_KDF, type KdfParams, type VaultHandle };

function notFound(path: string): VaultNotFoundException {
  return new VaultNotFoundException(`No vault file at ${path}. Create a vault, or choose the file that holds yours.`);
}

async function readVaultBytes(fs: FsPort, path: string, missing: () => Error = () => notFound(path)): Promise<Uint8Array> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (errCode(e) === 'ENOENT') throw missing();
    throw e;
  }
}

async function lockFor(fs: FsPort, path: string): Promise<HeldLock> {
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
  hasRecord?: (tag: PendingTag) => Promise<boolean>,
  fs: FsPort = nodeFs,
): Promise<VaultHandle> {
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
    const raw = await readVaultBytes(fs, source, missing);
    const file = parseVaultFile(raw, source);
    // Slot changes written ahead of their audit record (pending.ts): one whose record is in the log holds.
    const pending = hasRecord && generation === 'current' ? await reconcilePending(fs, path, file.header, hasRecord) : { report: { discarded: [] } };
    const chosen = pending.chosen;
    key = await unlock(chosen ? chosen.header : file.header, source);
    // The pending file's seal proves its slots were written with this vault key.
    if (chosen) openBody(parseVaultFile(await fs.readFile(chosen.file), chosen.file), key, chosen.file).fill(0);
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
    const snapshotTag = snapshotTagOf(raw);
    const journal = await openJournal(fs, path, key, file.header.vaultId, file.header.generation, snapshotTag, generation);
    const handle = new Handle({
      path, fs, lock, header: chosen ? { ...file.header, slots: chosen.header.slots } : file.header, key, body, nextGeneration, snapshotBytes: raw.length, snapshotTag,
      // The previous generation's journal continues in a new snapshot, written before any append.
      needsSnapshot: generation === 'previous', journal, reconciled: pending.report,
      ...(chosen ? { slotsPending: { tag: chosen.tag, file: chosen.file } } : {}),
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
  opts: { kdf?: KdfParams; keychain?: Keychain; fs?: FsPort } = {},
): Promise<VaultHandle> {
  aPath(path);
  aPassphrase(passphrase, 'passphrase');
  aBytes(body, 'body');
  const kdf = aKdfParams(opts.kdf ?? DEFAULT_KDF);
  const fs = opts.fs ?? nodeFs;
  if (await fs.exists(path)) throw existsError(path);
  const lock = await lockFor(fs, path);
  let key: Uint8Array | undefined = randomBytes(VAULT_KEY_LENGTH);
  let copy: Uint8Array | undefined = body.slice();
  try {
    const vaultId = randomUuid();
    const slots: Slot[] = [await makePassphraseSlot(vaultId, key, passphrase, kdf)];
    if (opts.keychain) slots.push(await makeKeychainSlot(vaultId, key, opts.keychain));
    const header: VaultHeader = {
      vaultId, createdAt: new Date().toISOString(), generation: 0, keyCheck: keyCheckOf(vaultId, key), slots,
    };
    // Journals of a vault that was at this path before belong to another vault id.
    await unlinkIfPresent(fs, journalPathOf(path));
    await unlinkIfPresent(fs, journalPrevPathOf(path));
    const bytes = encodeVaultFile(header, key, copy);
    await createVaultFile(fs, path, bytes);
    const handle = new Handle({
      path, fs, lock, header, key, body: copy, nextGeneration: 1, snapshotBytes: bytes.length, snapshotTag: snapshotTagOf(bytes),
      needsSnapshot: false, journal: { start: undefined, frames: [], witness: undefined },
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
  opts: { generation?: 'current' | 'previous'; hasRecord?: (tag: PendingTag) => Promise<boolean>; fs?: FsPort } = {},
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
  }, opts.hasRecord, opts.fs);
}

/**
 * Unlock with the OS keychain slot. KeychainUnavailableException when that is not possible.
 * With `hasRecord`, pending changes are reconciled first (pending.ts).
 */
export async function openVaultWithKeychain(
  path: string, keychain: Keychain, hasRecord?: (tag: PendingTag) => Promise<boolean>, fs?: FsPort,
): Promise<VaultHandle> {
  aPath(path);
  return openWith(path, 'current', async (header) => {
    const slot = keychainSlotOf(header);
    if (!slot) {
      throw new KeychainUnavailableException('This vault has no OS keychain slot. Unlock it with the passphrase.');
    }
    return unwrapKeychainSlot(header, slot, keychain);
  }, hasRecord, fs);
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

/** Test hooks (not for production code). */
export const __TESTS = {
  /** The live key and body buffers a handle holds (to check that lock() zeroes them). */
  buffersOf(h: VaultHandle): { key: Uint8Array; body: Uint8Array } {
    const s = stateOf(h);
    return { key: s.key, body: s.body };
  },
  /** Swap the filesystem port of an open handle (to inject crashes). */
  setFs(h: VaultHandle, fs: FsPort): void {
    stateOf(h).fs = fs;
  },
  /** Simulate the process dying: the handle stops, its lock file stays behind. */
  crash(h: VaultHandle): void {
    const s = stateOf(h);
    s.status = 'locked';
    // Writes still queued never reach the disk: the process is gone.
    const gone = (): Promise<never> => Promise.reject(new Error('crashed'));
    s.fs = { ...s.fs, writeFile: gone, createExclusive: gone, rename: gone, link: gone, copyFile: gone, unlink: gone, openWriter: gone };
    void s.journal.close();
    s.key.fill(0);
    s.body.fill(0);
    abandonLock(s.lock);
  },
  header(h: VaultHandle): VaultHeader {
    return stateOf(h).header;
  },
};
