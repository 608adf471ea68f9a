/**
 * Atomic persistence. Invariant: once created, a complete vault file exists at `path` at
 * every instant, holding either the old or the new state; the state before the last
 * replacement is kept as `<path>.prev`.
 *
 * Replace (every commit), platform/durable-write.ts with the previous generation kept at step 3:
 *   1. remove a stale `<path>.tmp` left by a crash
 *   2. write `<path>.tmp`, then fsync it            (data durable before it gets the name)
 *   3. hard-link `<path>` to `<path>.prev.tmp` (copy + fsync where links are unsupported),
 *      then rename it over `<path>.prev`           (prev replaced atomically too;
 *      remove `.prev.tmp` if rename found both names on one inode and did nothing)
 *   4. rename `<path>.tmp` over `<path>`            (POSIX rename(2) is atomic)
 *   5. fsync the directory                          (the rename itself is durable)
 * The caller resolves its commit only after step 5. The caller holds the writer lock.
 *
 * Create: write + fsync `<path>.tmp`, hard-link it to `<path>` (link(2) fails with EEXIST,
 * so an existing vault is never overwritten), remove the tmp name, fsync the directory.
 */
import { basename, dirname } from 'node:path';
import { VaultExistsException } from '../../src-shared/kms/errors.js';
import { writeFileDurably, writeTempDurably } from '../platform/durable-write.js';
import { errCode, type FsPort, unlinkIfPresent } from '../platform/fs.js';

export const tmpPathOf = (path: string): string => `${path}.tmp`;
export const prevPathOf = (path: string): string => `${path}.prev`;
export const prevTmpPathOf = (path: string): string => `${path}.prev.tmp`;
export const lockPathOf = (path: string): string => `${path}.lock`;

/** link(2) errors that mean "this filesystem or platform has no hard links here". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EACCES', 'EINVAL']);

/** Remove temporaries a crashed writer may have left. Call only while holding the lock. */
export async function cleanupTemps(fs: FsPort, path: string): Promise<void> {
  await unlinkIfPresent(fs, tmpPathOf(path));
  await unlinkIfPresent(fs, prevTmpPathOf(path));
  await unlinkIfPresent(fs, `${path}.journal.tmp`); // journal.ts journalTmpPathOf
}

/** Keep the current file as `<path>.prev`. A missing current file (never expected) is skipped. */
async function keepPrevious(fs: FsPort, path: string): Promise<void> {
  const prevTmp = prevTmpPathOf(path);
  await unlinkIfPresent(fs, prevTmp);
  try {
    await fs.link(path, prevTmp);
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT') return;
    // FAT, some network shares and sandboxes have no hard links: fall back to a copy.
    // Any other failure (EIO, ENOSPC, ...) aborts the commit before `path` is touched.
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw e;
    await fs.copyFile(path, prevTmp);
    await fs.fsyncFile(prevTmp);
  }
  await fs.rename(prevTmp, prevPathOf(path));
  // rename(2) of two links to the same inode succeeds and does nothing (POSIX), which
  // happens when a crash left `path` and `.prev` linked together: drop the extra name.
  await unlinkIfPresent(fs, prevTmp);
}

/** Atomically replace the vault file at `path` with `bytes` (steps 1-5 above). */
export async function replaceVaultFile(fs: FsPort, path: string, bytes: Uint8Array): Promise<void> {
  await writeFileDurably(fs, path, bytes, { tmpPath: tmpPathOf(path), beforeRename: () => keepPrevious(fs, path) });
}

/** Create the vault file; VaultExistsException if anything is at `path`. */
export async function createVaultFile(fs: FsPort, path: string, bytes: Uint8Array): Promise<void> {
  const tmp = tmpPathOf(path);
  await writeTempDurably(fs, tmp, bytes);
  try {
    try {
      await fs.link(tmp, path);
    } catch (e) {
      if (errCode(e) === 'EEXIST') throw existsError(path);
      if (!NO_HARD_LINKS.has(errCode(e) ?? '')) throw e;
      // No hard links here: check, then rename. The writer lock makes the check-then-act
      // safe against other Keyward processes.
      if (await fs.exists(path)) throw existsError(path);
      await fs.rename(tmp, path);
    }
  } finally {
    await unlinkIfPresent(fs, tmp);
  }
  await fs.fsyncDir(dirname(path));
}

export function existsError(path: string): VaultExistsException {
  return new VaultExistsException(
    `A file already exists at ${path} (${basename(path)}). Open that vault instead, or choose another location.`,
  );
}

/**
 * A change written ahead of its audit record (audit/intent.ts): the whole new vault file at
 * `<path>.pending-<seq>-<hash>`, named by the record's chain place. Written like a temporary
 * file (write, fsync, directory fsync); committed by promotePending, discarded by unlinking.
 */
export const pendingPathOf = (path: string, tag: { seq: number; hash: string }): string =>
  `${path}.pending-${String(tag.seq).padStart(12, '0')}-${tag.hash}`;

const PENDING_RE = /\.pending-(\d{12})-([0-9a-f]{64})$/;

/** The record tag a pending file's name carries, or undefined for any other name. */
export function pendingTagOf(name: string): { seq: number; hash: string } | undefined {
  const m = PENDING_RE.exec(name);
  return m ? { seq: Number(m[1]), hash: m[2]! } : undefined;
}

/** Write a pending file durably (its name is durable too). */
export async function writePendingFile(fs: FsPort, pendingPath: string, bytes: Uint8Array): Promise<void> {
  await writeTempDurably(fs, pendingPath, bytes);
  await fs.fsyncDir(dirname(pendingPath));
}

/** Commit a pending file: keep the current file as `.prev`, rename the pending one over `path`, fsync the directory. */
export async function promotePending(fs: FsPort, path: string, pendingPath: string): Promise<void> {
  await keepPrevious(fs, path);
  await fs.rename(pendingPath, path);
  await fs.fsyncDir(dirname(path));
}
