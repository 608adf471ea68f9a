import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileDurably } from './durable-write.js';
import { type FsPort, nodeFs } from './fs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-durable-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** nodeFs that records each call by method and file name, and can fail one method. */
function recording(failOn?: keyof FsPort): { fs: FsPort; calls: string[] } {
  const calls: string[] = [];
  const wrap = <K extends keyof FsPort>(name: K): FsPort[K] => {
    const orig = nodeFs[name] as (...a: unknown[]) => Promise<unknown>; // every method returns a promise; args pass through
    const wrapped = async (...args: unknown[]) => {
      calls.push(`${name}(${args.filter((a): a is string => typeof a === 'string').map((a) => basename(a)).join(', ')})`);
      if (name === failOn) throw Object.assign(new Error(`injected ${name} failure`), { code: 'EIO' });
      return orig(...args);
    };
    return wrapped as FsPort[K]; // same parameters and promise result as the method it wraps
  };
  const fs = Object.fromEntries((Object.keys(nodeFs) as (keyof FsPort)[]).map((k) => [k, wrap(k)])) as unknown as FsPort; // one wrapper per method of nodeFs
  return { fs, calls };
}

describe('writeFileDurably', () => {
  it('writes a temporary file, fsyncs it, renames it over the target and fsyncs the directory', async () => {
    const path = join(dir, 'f.bin');
    await writeFile(path, 'old');
    const { fs, calls } = recording();
    await writeFileDurably(fs, path, new TextEncoder().encode('new'));
    expect(calls).toEqual(['unlink(f.bin.tmp)', 'writeFile(f.bin.tmp)', 'fsyncFile(f.bin.tmp)', 'rename(f.bin.tmp, f.bin)', `fsyncDir(${basename(dir)})`]);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['f.bin']);
  });

  it('runs beforeRename after the temporary file is durable and before the rename', async () => {
    const path = join(dir, 'f.bin');
    const { fs, calls } = recording();
    await writeFileDurably(fs, path, new Uint8Array([1]), { tmpPath: join(dir, '.f.tmp'), beforeRename: async () => void calls.push('hook') });
    expect(calls.slice(2, 4)).toEqual(['fsyncFile(.f.tmp)', 'hook']);
    expect(calls[4]).toBe('rename(.f.tmp, f.bin)');
  });

  it('a failed step leaves the old content; the temporary file stays unless removeTmpOnFailure', async () => {
    const path = join(dir, 'f.bin');
    await writeFile(path, 'old');
    await expect(writeFileDurably(recording('fsyncFile').fs, path, new Uint8Array([1]))).rejects.toThrow('injected fsyncFile failure');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['f.bin', 'f.bin.tmp']);
    await expect(writeFileDurably(recording('rename').fs, path, new Uint8Array([1]), { removeTmpOnFailure: true })).rejects.toThrow('injected rename failure');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['f.bin']);
  });

  it('refuses a temporary name in another directory (rename would not be atomic)', async () => {
    await expect(writeFileDurably(nodeFs, join(dir, 'f'), new Uint8Array(1), { tmpPath: join(tmpdir(), 'elsewhere.tmp') })).rejects.toThrow(RangeError);
  });
});
