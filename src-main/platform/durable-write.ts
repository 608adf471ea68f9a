/**
 * Durable file writes, written once: a reader sees the old file or the new one, never a
 * part, and the new one survives a power loss once the promise resolves.
 *
 *   1. remove a stale `<tmp>` a crash may have left
 *   2. write `<tmp>` (mode 0600), then fsync it        (data durable before it gets the name)
 *   3. `beforeRename` (optional; the vault keeps its previous generation here)
 *   4. rename(2) `<tmp>` over `path`                   (POSIX rename is atomic)
 *   5. fsync the directory                             (the rename itself is durable)
 *
 * Every step goes through the FsPort, so crash-injection tests reach each one.
 */
import { dirname } from 'node:path';
import { type FsPort, unlinkIfPresent } from './fs.js';

export interface DurableWriteOptions {
  /** The temporary name; default `<path>.tmp`. Must be in the same directory as `path`. */
  tmpPath?: string;
  /** Runs after the temporary file is durable and before it takes the name. */
  beforeRename?: () => Promise<void>;
  /** Remove the temporary file when a step fails (default false: the next write removes it). */
  removeTmpOnFailure?: boolean;
}

/** Write `bytes` to a temporary file and fsync it (steps 1 and 2). */
export async function writeTempDurably(fs: FsPort, tmp: string, bytes: Uint8Array): Promise<void> {
  await unlinkIfPresent(fs, tmp);
  await fs.writeFile(tmp, bytes);
  await fs.fsyncFile(tmp);
}

/**
 * Atomically and durably replace (or create) the file at `path` with `bytes` (steps 1-5).
 * Rejects with the failing step's error; `path` then still holds its old content.
 */
export async function writeFileDurably(
  fs: FsPort,
  path: string,
  bytes: Uint8Array,
  opts: DurableWriteOptions = {},
): Promise<void> {
  const tmp = opts.tmpPath ?? `${path}.tmp`;
  if (dirname(tmp) !== dirname(path)) throw new RangeError('"tmpPath" expected a name in the directory of "path"');
  try {
    await writeTempDurably(fs, tmp, bytes);
    await opts.beforeRename?.();
    await fs.rename(tmp, path);
  } catch (e) {
    if (opts.removeTmpOnFailure) await unlinkIfPresent(fs, tmp).catch(() => undefined);
    throw e;
  }
  await fs.fsyncDir(dirname(path));
}
