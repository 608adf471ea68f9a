/**
 * The lock file tells its writer apart from another process that got the same pid: a stale
 * lock whose pid the OS reused must not block a restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultBusyException } from '../../src-shared/kms/errors.js';
import { nodeFs } from '../platform/fs.js';
import { processStartTime } from '../platform/process.js';
import { bytes, FAST_KDF, tempDir, text } from '../testing/vault-kit.js';
import { acquireLock, releaseLock } from './lock-file.js';
import { createVault, openVaultWithPassphrase } from './vault.js';

const PASS = 'correct horse battery staple';
let dir: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill();
  await cleanup();
});

/** A live process that is not Keyward (a plain `sleep`-like node process). */
function live(): { pid: number; stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('spawn failed');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { pid: child.pid, stop: async () => { child.kill(); await exited; } };
}

const supported = processStartTime(process.pid) !== undefined;

describe.skipIf(!supported)('lock file: a reused pid', () => {
  it('records the writer\'s start time beside its pid', async () => {
    const lock = await acquireLock(nodeFs, join(dir, 'v.kwv'));
    const lines = (await readFile(lock.lockPath, 'utf8')).split('\n');
    expect(lines[0]).toBe(String(process.pid));
    expect(lines[2]).toBe(processStartTime(process.pid));
    await releaseLock(nodeFs, lock);
  });

  it('takes over a lock whose pid now belongs to another live process (the recorded start time differs)', async () => {
    const path = join(dir, 'vault.kwv');
    const h = await createVault(path, PASS, bytes('kept'), { kdf: FAST_KDF });
    await h.lock();
    // The crashed writer: its start time is what its lock recorded; then it is gone.
    const crashed = live();
    const crashedStart = processStartTime(crashed.pid);
    expect(crashedStart).toBeDefined();
    await crashed.stop();
    // Start times tick at 1/100 s on Linux (proc(5)), at 1 s from ps: let one tick pass.
    await new Promise((r) => setTimeout(r, process.platform === 'linux' ? 50 : 1100));
    // Another, unrelated process now holds the pid written in the lock.
    const other = live();
    expect(processStartTime(other.pid)).not.toBe(crashedStart);
    await writeFile(`${path}.lock`, `${other.pid}\noldtoken\n${crashedStart}\n`);
    const reopened = await openVaultWithPassphrase(path, PASS);
    expect(text(reopened.readBody())).toBe('kept');
    expect((await readFile(`${path}.lock`, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await reopened.lock();
  });

  it('still refuses while the recorded process itself runs, and for an older lock with no start time', async () => {
    const path = join(dir, 'w');
    const holder = live();
    const start = processStartTime(holder.pid);
    await writeFile(`${path}.lock`, `${holder.pid}\ntoken\n${start}\n`);
    await expect(acquireLock(nodeFs, path)).rejects.toThrow(VaultBusyException);
    await writeFile(`${path}.lock`, `${holder.pid}\ntoken\n`);
    await expect(acquireLock(nodeFs, path)).rejects.toThrow(VaultBusyException);
    await holder.stop();
    await releaseLock(nodeFs, await acquireLock(nodeFs, path));
  });

  it('falls back to the pid alone where the platform gives no start time', async () => {
    const path = join(dir, 'x');
    const holder = live();
    await writeFile(`${path}.lock`, `${holder.pid}\ntoken\nsome-other-start\n`);
    await expect(acquireLock(nodeFs, path, undefined, () => undefined)).rejects.toThrow(VaultBusyException);
    await holder.stop();
  });
});

describe('processStartTime', () => {
  it('is stable for one process, differs between processes, and is undefined for no process', async () => {
    if (!supported) return;
    expect(processStartTime(process.pid)).toBe(processStartTime(process.pid));
    const a = live();
    await new Promise((r) => setTimeout(r, 1100)); // ps reports start times to the second
    const b = live();
    expect(processStartTime(a.pid)).not.toBe(processStartTime(b.pid));
    await a.stop();
    expect(processStartTime(a.pid)).toBeUndefined();
    expect(processStartTime(-1)).toBeUndefined();
    await b.stop();
  });
});
