/**
 * The one file-system port of the main process. Storage code (vault, audit log, lock files,
 * access-key files) reaches the disk only through it, one method per step, so a test can wrap
 * it and inject a failure ("crash") before or after any step (vault/persist.test.ts,
 * audit/store.test.ts). `nodeFs` is the real implementation over node:fs.
 */
import { constants, promises as fsp } from 'node:fs';

/** A file opened for positional writes (audit segments). */
export interface FileWriter {
  /** Bytes in the file when it was opened. */
  readonly initialSize: number;
  /** Write every byte of `data` at `position`; resolves once the OS has them. */
  writeAt(data: Uint8Array, position: number): Promise<void>;
  truncate(size: number): Promise<void>;
  /** fdatasync(2): the written bytes survive a power loss. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system port: one method per durable step, so tests can fail any of them. */
export interface FsPort {
  /** Whole file; rejects with code ENOENT when absent. */
  readFile(path: string): Promise<Uint8Array>;
  /** Create or truncate, write everything, close (mode 0600). Not yet durable. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Create exclusively (O_CREAT|O_EXCL, mode 0600); rejects with code EEXIST if present. */
  createExclusive(path: string, data: Uint8Array): Promise<void>;
  /** fsync(2) a regular file's data and metadata. */
  fsyncFile(path: string): Promise<void>;
  /** fsync(2) a directory so new entries, renames and links in it are durable (no-op on Windows). */
  fsyncDir(path: string): Promise<void>;
  /** Hard link; rejects with EEXIST if `newPath` exists. */
  link(existing: string, newPath: string): Promise<void>;
  copyFile(src: string, dst: string): Promise<void>;
  /** rename(2): atomically replaces `to`. */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** true if a regular file (or anything) exists at path. */
  exists(path: string): Promise<boolean>;
  /** Open (creating, mode 0600) a file for positional writes and truncation. */
  openWriter(path: string): Promise<FileWriter>;
}

/** The `code` of a Node system error (ENOENT, EEXIST, ...), if it has one. */
export function errCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

async function writeWith(path: string, flags: number, data: Uint8Array): Promise<void> {
  const fh = await fsp.open(path, flags, 0o600);
  try {
    await fh.writeFile(data);
  } finally {
    await fh.close();
  }
}

async function openWriter(path: string): Promise<FileWriter> {
  // O_RDWR|O_CREAT rather than 'a': positional writes plus truncate work on every OS
  // (Windows append handles lack FILE_WRITE_DATA, which SetEndOfFile needs).
  const fh = await fsp.open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  let size: number;
  try {
    size = (await fh.stat()).size;
  } catch (e) {
    await fh.close();
    throw e;
  }
  return {
    initialSize: size,
    async writeAt(data, position) {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await fh.write(data, done, data.length - done, position + done);
        if (bytesWritten <= 0) throw new Error('short write');
        done += bytesWritten;
      }
    },
    truncate: (n) => fh.truncate(n),
    sync: () => fh.datasync(),
    close: () => fh.close(),
  };
}

/** The real file system (node:fs); files are created with mode 0600. */
export const nodeFs: FsPort = {
  async readFile(path) {
    const b = await fsp.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  writeFile: (path, data) => writeWith(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, data),
  createExclusive: (path, data) => writeWith(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, data),
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
    // POSIX needs the directory fsynced for a new entry to be durable. Windows cannot open
    // a directory for fsync, and NTFS journals the rename itself.
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
  openWriter,
};

/** unlink(2), treating a missing file as done. */
export async function unlinkIfPresent(fs: FsPort, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (e) {
    if (errCode(e) !== 'ENOENT') throw e;
  }
}
