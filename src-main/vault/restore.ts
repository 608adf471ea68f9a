/**
 * Restoring the previous generation of a damaged vault file. Every commit keeps the file it
 * replaces as `<path>.prev` (persist.ts); when the current file fails its integrity checks,
 * the user may go back to that generation, losing the last change written:
 *
 *   1. the current file must be damaged: it fails its checksum, or, opened with the
 *      passphrase, its key check or its sealed body (an intact file is never replaced);
 *   2. `<path>.prev` must open with the passphrase (same checks), under the writer lock;
 *   3. the damaged file is kept aside as `<path>.damaged-<time>` (rename, nothing deleted);
 *   4. a copy of `<path>.prev` becomes `<path>` (durable write: temp file, fsync, rename,
 *      directory fsync), so the next commit keeps the restored file as `.prev` in its turn.
 *
 * `undo` (for a restore whose audit record cannot be written) renames the damaged file back
 * over the copy; `.prev` is never changed. This covers the snapshot file only: a journal
 * beside the vault, if any, is not considered here.
 */
import {
  IncorrectPassphraseException, ValidationException, VaultCorruptedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import { writeFileDurably } from '../platform/durable-write.js';
import { errCode, nodeFs } from '../platform/fs.js';
import { dirname } from 'node:path';
import { sha256 } from '../crypto/hash.js';
import { equalBytes } from '../crypto/random.js';
import { FORMAT_VERSION, parseVaultFile, TRAILER_LENGTH } from './format.js';
import { prevPathOf, tmpPathOf } from './persist.js';
import { openVaultWithPassphrase, type VaultHandle } from './vault.js';

/**
 * What a file looks like without a secret: missing, intact by its checksum, damaged (why), or
 * intact but in a newer format than this Keyward reads (not damage: nothing to restore).
 */
export type FileCheck = { kind: 'missing' } | { kind: 'intact' } | { kind: 'damaged'; reason: string } | { kind: 'unsupported'; reason: string };

/** An intact file (its trailer matches) whose format version is not the one this build reads. */
function isOtherFormat(bytes: Uint8Array): boolean {
  if (bytes.length < 10 + TRAILER_LENGTH) return false;
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(8);
  const end = bytes.length - TRAILER_LENGTH;
  return version !== FORMAT_VERSION && equalBytes(sha256(bytes.subarray(0, end)), bytes.subarray(end));
}

/** Check the file at `path` by its layout and SHA-256 trailer only (no passphrase, no lock). */
export async function checkVaultFile(path: string): Promise<FileCheck> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFs.readFile(path);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', reason: `it cannot be read (${errCode(e) ?? 'I/O error'})` };
  }
  try {
    parseVaultFile(bytes, path);
    return { kind: 'intact' };
  } catch (e) {
    if (!(e instanceof VaultCorruptedException)) throw e;
    return isOtherFormat(bytes) ? { kind: 'unsupported', reason: e.message } : { kind: 'damaged', reason: e.message };
  }
}

/** The restored vault, open, and how to put the damaged file back. */
export interface RestoredVault {
  handle: VaultHandle;
  /** Where the damaged file now is. */
  damagedPath: string;
  /** Put the damaged file back at the vault's path (the handle must be locked first). */
  undo(): Promise<void>;
}

/** `<path>.damaged-<UTC time>`: a name no other Keyward file uses. */
export function damagedPathOf(path: string, now: Date): string {
  return `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** Step 1: throws unless the current file is damaged (missing counts as nothing to restore over). */
async function assertCurrentDamaged(path: string, passphrase: string): Promise<void> {
  const check = await checkVaultFile(path);
  if (check.kind === 'missing') throw new VaultNotFoundException(`No vault file at ${path}: there is nothing to restore over.`);
  if (check.kind === 'damaged') return;
  if (check.kind === 'unsupported') throw new ValidationException(`${check.reason} Nothing was changed.`);
  let handle: VaultHandle;
  try {
    handle = await openVaultWithPassphrase(path, passphrase);
  } catch (e) {
    if (e instanceof VaultCorruptedException) return;
    if (e instanceof IncorrectPassphraseException) {
      throw new IncorrectPassphraseException(
        'This passphrase does not open the current vault file, which passes its checksum. The previous generation is offered only when the current file is damaged; nothing was changed.',
      );
    }
    throw e;
  }
  await handle.lock();
  throw new ValidationException('The current vault file is intact: unlock it instead. Nothing was changed.');
}

/**
 * Steps 1-4. Throws VaultNotFoundException (no current file, or no `.prev`),
 * ValidationException (the current file is intact), IncorrectPassphraseException,
 * VaultCorruptedException (the previous generation is damaged too); nothing is changed then.
 */
export async function restorePreviousGeneration(path: string, passphrase: string, now: Date = new Date()): Promise<RestoredVault> {
  const fs = nodeFs;
  await assertCurrentDamaged(path, passphrase);
  const handle = await openVaultWithPassphrase(path, passphrase, { generation: 'previous' });
  const damagedPath = damagedPathOf(path, now);
  let movedAside = false;
  try {
    const previous = await fs.readFile(prevPathOf(path));
    await fs.rename(path, damagedPath);
    movedAside = true;
    await writeFileDurably(fs, path, previous, { tmpPath: tmpPathOf(path), removeTmpOnFailure: true });
  } catch (e) {
    await handle.lock();
    if (movedAside) {
      await fs.rename(damagedPath, path).catch(() => undefined);
      await fs.fsyncDir(dirname(path)).catch(() => undefined);
    }
    throw e;
  }
  return {
    handle,
    damagedPath,
    async undo() {
      await fs.rename(damagedPath, path);
      await fs.fsyncDir(dirname(path));
    },
  };
}
