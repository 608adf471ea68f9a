/**
 * The single-writer lock: `<vault>.lock`, created with O_EXCL, holding
 * "<pid>\n<token>\n<start>\n", where <start> identifies the writing process beyond its pid
 * (platform/process.ts: its start time; empty where the platform gives none).
 *
 * - A lock whose pid is alive (and is another process) gives VaultBusyException.
 * - A stale lock (dead pid, unreadable content, this process's own pid from a previous
 *   process that had the same number, or a live pid whose start time differs from the one
 *   recorded: the OS reused the pid for another process) is removed and taken over. A lock
 *   without a start time (older versions, Windows) falls back to the pid alone.
 * - Within one process a lock path is held at most once (a second open is refused).
 * - Release removes the file only if it still holds our token.
 *
 * Known limit: two processes taking over the same stale lock at the same instant could
 * both remove it; each re-reads the file after creating it and refuses if the token is not
 * its own, which closes all but a microsecond window. The Electron app also holds
 * app.requestSingleInstanceLock(), so two Keyward processes rarely race here.
 */
import { resolve } from 'node:path';
import { hex } from '@scure/base';
import { VaultBusyException } from '../../src-shared/kms/errors.js';
import { randomBytes } from '../crypto/random.js';
import { errCode, type FsPort } from '../platform/fs.js';
import { processStartTime } from '../platform/process.js';
import { lockPathOf } from './persist.js';

export interface HeldLock {
  readonly lockPath: string;
  readonly token: string;
}

const held = new Set<string>();

/** process.kill(pid, 0) sends nothing; it only asks whether the process exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return errCode(e) === 'EPERM';
  }
}

/** The start time the lock recorded, or undefined (none recorded). */
function parseStart(content: Uint8Array): string | undefined {
  const third = new TextDecoder().decode(content).split('\n')[2];
  return third ? third : undefined;
}

/**
 * Whether the lock's writer still runs: its pid is alive and, when both the lock and the
 * platform give a start time, it is the same process (not another one that got the pid).
 */
function holderRuns(pid: number, recorded: string | undefined, isAlive: (pid: number) => boolean, startOf: (pid: number) => string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (recorded === undefined) return true;
  const now = startOf(pid);
  return now === undefined || now === recorded;
}

function parsePid(content: Uint8Array): number | undefined {
  const first = new TextDecoder().decode(content).split('\n')[0] ?? '';
  if (!/^[1-9][0-9]{0,9}$/.test(first)) return undefined;
  const pid = Number(first);
  return Number.isSafeInteger(pid) ? pid : undefined;
}

function busyOther(pid: number): VaultBusyException {
  return new VaultBusyException(`The vault is open in another Keyward process (pid ${pid}). Close it first.`);
}

async function readOrUndefined(fs: FsPort, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Take the single-writer lock of `vaultPath` (VaultBusyException if another live process holds
 * it). `isAlive` and `startOf` are the platform's answers, replaceable in tests.
 */
export async function acquireLock(
  fs: FsPort,
  vaultPath: string,
  isAlive: (pid: number) => boolean = pidAlive,
  startOf: (pid: number) => string | undefined = processStartTime,
): Promise<HeldLock> {
  const lockPath = resolve(lockPathOf(vaultPath));
  if (held.has(lockPath)) {
    throw new VaultBusyException('The vault is already open in this Keyward process. Lock it before opening it again.');
  }
  held.add(lockPath); // reserved synchronously, so two in-process opens cannot both pass
  try {
    const token = hex.encode(randomBytes(16));
    const content = new TextEncoder().encode(`${process.pid}\n${token}\n${startOf(process.pid) ?? ''}\n`);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await fs.createExclusive(lockPath, content);
      } catch (e) {
        if (errCode(e) !== 'EEXIST') throw e;
        const existing = await readOrUndefined(fs, lockPath);
        if (existing === undefined) continue; // released meanwhile: try again
        const pid = parsePid(existing);
        if (pid !== undefined && pid !== process.pid && holderRuns(pid, parseStart(existing), isAlive, startOf)) throw busyOther(pid);
        try {
          await fs.unlink(lockPath); // stale: take it over
        } catch (u) {
          if (errCode(u) !== 'ENOENT') throw u;
        }
        continue;
      }
      const back = await readOrUndefined(fs, lockPath);
      const backPid = back ? parsePid(back) : undefined;
      if (!back || new TextDecoder().decode(back) !== new TextDecoder().decode(content)) {
        throw backPid !== undefined ? busyOther(backPid) : busyUnknown();
      }
      return { lockPath, token };
    }
    throw busyUnknown();
  } catch (e) {
    held.delete(lockPath);
    throw e;
  }
}

function busyUnknown(): VaultBusyException {
  return new VaultBusyException('The vault is being opened by another Keyward process. Close it first, then try again.');
}

/** Remove the lock file if it is still ours, and forget it in this process. */
export async function releaseLock(fs: FsPort, lock: HeldLock): Promise<void> {
  try {
    const content = await readOrUndefined(fs, lock.lockPath);
    if (content && new TextDecoder().decode(content).split('\n')[1] === lock.token) {
      try {
        await fs.unlink(lock.lockPath);
      } catch (e) {
        if (errCode(e) !== 'ENOENT') throw e;
      }
    }
  } finally {
    held.delete(lock.lockPath);
  }
}

/** Test hook: forget a lock in memory, leaving its file, as a crashed process would. */
export function abandonLock(lock: HeldLock): void {
  held.delete(lock.lockPath);
}
