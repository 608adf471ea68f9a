import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytes, FAST_KDF, tempDir, text } from '../testing/vault-kit.js';
import { type FsPort as VaultFs, nodeFs } from '../platform/fs.js';
import { __TESTS, createVault, openVaultWithPassphrase, type VaultHandle } from './vault.js';

const PASS = 'pp';
type Op = keyof VaultFs;

/** Wrap nodeFs: record each call; optionally throw before or after the call numbered `at`. */
function instrumented(at = -1, when: 'before' | 'after' = 'after') {
  const calls: string[] = [];
  const fs = {} as VaultFs; // filled in below, one wrapper per method of nodeFs
  for (const name of Object.keys(nodeFs) as Op[]) { // Object.keys loses the key type; nodeFs has exactly VaultFs's keys
    const orig = nodeFs[name] as (...a: unknown[]) => Promise<unknown>; // widen: every port method returns a promise; args are passed through unchanged
    const wrapped = async (...args: unknown[]) => {
      const n = calls.length;
      calls.push(`${name}(${args.filter((a): a is string => typeof a === 'string').map((a) => basename(a)).join(', ')})`);
      if (n === at && when === 'before') throw new Error(`injected crash before ${calls[n]}`);
      if (n === at && when === 'after') {
        await orig(...args).catch(() => undefined); // the step ran (or failed); then the process died
        throw new Error(`injected crash after ${calls[n]}`);
      }
      return orig(...args);
    };
    Object.assign(fs, { [name]: wrapped });
  }
  return { fs, calls };
}

let dir: string;
let cleanup: () => Promise<void>;
let path: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  path = join(dir, 'v.kwv');
});
afterEach(() => cleanup());

async function commitCalls(): Promise<string[]> {
  const h = await createVault(path, PASS, bytes('A'), { kdf: FAST_KDF });
  await h.commit(bytes('B')); // so that a stale .prev exists, as in steady state
  const { fs, calls } = instrumented();
  __TESTS.setFs(h, fs);
  await h.commit(bytes('C'));
  await h.lock();
  return calls.filter((c) => !c.startsWith('readFile') && !c.startsWith('unlink(v.kwv.lock'));
}

describe('atomic persistence', () => {
  it('performs the documented steps in order', async () => {
    expect(await commitCalls()).toEqual([
      'unlink(v.kwv.tmp)',
      'writeFile(v.kwv.tmp)',
      'fsyncFile(v.kwv.tmp)',
      'unlink(v.kwv.prev.tmp)',
      'link(v.kwv, v.kwv.prev.tmp)',
      'rename(v.kwv.prev.tmp, v.kwv.prev)',
      'unlink(v.kwv.prev.tmp)',
      'rename(v.kwv.tmp, v.kwv)',
      'fsyncDir(' + basename(dir) + ')',
    ]);
  });

  it('survives a crash before and after every step of a commit', async () => {
    const { calls: steps } = await (async () => {
      const h = await createVault(join(dir, 'probe.kwv'), PASS, bytes('A'), { kdf: FAST_KDF });
      const probe = instrumented();
      __TESTS.setFs(h, probe.fs);
      await h.commit(bytes('B'));
      __TESTS.setFs(h, nodeFs);
      await h.lock();
      return probe;
    })();
    expect(steps.length).toBeGreaterThanOrEqual(8);
    let sawOld = 0;
    let sawNew = 0;
    for (let at = 0; at < steps.length; at++) {
      for (const when of ['before', 'after'] as const) { // as const: keep the literal types
        const label = `crash ${when} step ${at}: ${steps[at]}`;
        const p = join(dir, `v-${at}-${when}.kwv`);
        const h: VaultHandle = await createVault(p, PASS, bytes('old'), { kdf: FAST_KDF });
        await h.commit(bytes('committed')); // resolved: must survive
        const { fs } = instrumented(at, when);
        __TESTS.setFs(h, fs);
        await expect(h.commit(bytes('new')), label).rejects.toThrow(/injected crash/);
        __TESTS.crash(h); // the process dies: no cleanup, lock file left behind

        const h2 = await openVaultWithPassphrase(p, PASS);
        const body = text(h2.readBody());
        expect(['committed', 'new'], label).toContain(body);
        if (body === 'new') sawNew++;
        else sawOld++;
        await h2.commit(bytes('after'));
        const left = (await readdir(dir)).filter((f) => f.startsWith(basename(p)));
        expect(left.sort(), label).toEqual([basename(p), `${basename(p)}.lock`, `${basename(p)}.prev`].sort());
        await h2.lock();
        const h3 = await openVaultWithPassphrase(p, PASS);
        expect(text(h3.readBody()), label).toBe('after');
        await h3.lock();
        const prev = await openVaultWithPassphrase(p, PASS, { generation: 'previous' });
        expect(text(prev.readBody()), label).toBe(body);
        await prev.lock();
      }
    }
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
  });

  it('a failed commit keeps the handle usable and the old body in memory', async () => {
    const h = await createVault(path, PASS, bytes('old'), { kdf: FAST_KDF });
    __TESTS.setFs(h, instrumented(1, 'after').fs); // fails after writing the tmp file
    await expect(h.commit(bytes('lost'))).rejects.toThrow(/injected crash/);
    expect(text(h.readBody())).toBe('old');
    __TESTS.setFs(h, nodeFs);
    await h.commit(bytes('next'));
    await h.lock();
    const h2 = await openVaultWithPassphrase(path, PASS);
    expect(text(h2.readBody())).toBe('next');
    await h2.lock();
    expect((await readdir(dir)).sort()).toEqual(['v.kwv', 'v.kwv.prev']);
  });

  it('falls back to a copy where hard links are unsupported', async () => {
    const h = await createVault(path, PASS, bytes('one'), { kdf: FAST_KDF });
    const noLinks: VaultFs = {
      ...nodeFs,
      link: async () => {
        throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
      },
    };
    __TESTS.setFs(h, noLinks);
    await h.commit(bytes('two'));
    await h.commit(bytes('three'));
    await h.lock();
    const p = await openVaultWithPassphrase(path, PASS, { generation: 'previous' });
    expect(text(p.readBody())).toBe('two');
    await p.lock();
  });
});
