/**
 * The filesystem port used by persistence and the lock file. One method per step, so a
 * test can wrap it and inject a failure ("crash") after any step (persist.test.ts).
 */
import { constants, promises as fsp } from 'node:fs';

export interface VaultFs {
  /** Whole file; rejects with code ENOENT when absent. */
  readFile(path: string): Promise<Uint8Array>;
  /** Create or truncate, write everything, close (mode 0600). Not yet durable. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Create exclusively (O_CREAT|O_EXCL, mode 0600); rejects with code EEXIST if present. */
  createExclusive(path: string, data: Uint8Array): Promise<void>;
  /** fsync(2) a regular file's data and metadata. */
  fsyncFile(path: string): Promise<void>;
  /** fsync(2) a directory so renames and links in it are durable. */
  fsyncDir(path: string): Promise<void>;
  /** Hard link; rejects with EEXIST if `newPath` exists. */
  link(existing: string, newPath: string): Promise<void>;
  copyFile(src: string, dst: string): Promise<void>;
  /** rename(2): atomically replaces `to`. */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** true if a regular file (or anything) exists at path. */
  exists(path: string): Promise<boolean>;
}

export function errCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

export const nodeFs: VaultFs = {
  async readFile(path) {
    const b = await fsp.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  async writeFile(path, data) {
    const fh = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
  },
  async createExclusive(path, data) {
    const fh = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
  },
  async fsyncFile(path) {
    // 'r+': Windows' FlushFileBuffers needs a handle opened for writing.
    const fh = await fsp.open(path, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  async fsyncDir(path) {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if (process.platform === 'win32') return;
    const fh = await fsp.open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  link: (existing, newPath) => fsp.link(existing, newPath),
  copyFile: (src, dst) => fsp.copyFile(src, dst),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  async exists(path) {
    try {
      await fsp.lstat(path);
      return true;
    } catch (e) {
      if (errCode(e) === 'ENOENT') return false;
      throw e;
    }
  },
};
