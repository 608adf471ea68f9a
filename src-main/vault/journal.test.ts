import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultCorruptedException } from '../../src-shared/kms/errors.js';
import { bytes, FAST_KDF, TEST_PASSPHRASE, text, useVaultFile } from '../testing/vault-kit.js';
import { type FileWriter, type FsPort, nodeFs } from '../platform/fs.js';
import { JOURNAL_HEADER_LENGTH } from './journal-format.js';
import { journalPathOf, reconcile } from './journal.js';
import { __TESTS, createVault, openVaultWithPassphrase, type VaultHandle } from './vault.js';

const vf = useVaultFile();

/** A port that records every step (writer steps too) and throws before or after step `at`. */
function instrumented(at = -1, when: 'before' | 'after' = 'after'): { fs: FsPort; calls: string[] } {
  const calls: string[] = [];
  let dead = false; // after the crash, nothing more reaches the disk
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const n = calls.length;
    calls.push(name);
    if (dead) throw new Error(`injected crash: process gone at ${name}`);
    if (n === at) dead = true;
    if (n === at && when === 'before') throw new Error(`injected crash before ${name}`);
    if (n === at) {
      await run().catch(() => undefined);
      throw new Error(`injected crash after ${name}`);
    }
    return run();
  };
  const named = (op: string, ...paths: string[]): string => `${op}(${paths.map((p) => basename(p)).join(', ')})`;
  const fs: FsPort = {
    readFile: (p) => nodeFs.readFile(p),
    exists: (p) => nodeFs.exists(p),
    writeFile: (p, d) => step(named('writeFile', p), () => nodeFs.writeFile(p, d)),
    createExclusive: (p, d) => step(named('createExclusive', p), () => nodeFs.createExclusive(p, d)),
    fsyncFile: (p) => step(named('fsyncFile', p), () => nodeFs.fsyncFile(p)),
    fsyncDir: (p) => step('fsyncDir', () => nodeFs.fsyncDir(p)),
    link: (a, b) => step(named('link', a, b), () => nodeFs.link(a, b)),
    copyFile: (a, b) => step(named('copyFile', a, b), () => nodeFs.copyFile(a, b)),
    rename: (a, b) => step(named('rename', a, b), () => nodeFs.rename(a, b)),
    unlink: (p) => step(named('unlink', p), () => nodeFs.unlink(p)),
    openWriter: (p) => step(named('openWriter', p), async () => {
      const w = await nodeFs.openWriter(p);
      const wrapped: FileWriter = {
        initialSize: w.initialSize,
        writeAt: (d, pos) => step('writeAt', () => w.writeAt(d, pos)),
        truncate: (n) => step('truncate', () => w.truncate(n)),
        sync: () => step('sync', () => w.sync()),
        close: () => w.close(),
      };
      return wrapped;
    }),
  };
  return { fs, calls };
}

const payloads = (h: VaultHandle): string[] => h.takeJournal().frames.map((f) => text(f.payload));
const open = (p = vf.path): Promise<VaultHandle> => openVaultWithPassphrase(p, TEST_PASSPHRASE).then((h) => vf.track(h));

/** A vault with snapshot 'A' and change frames c1..cN; returns the journal's bytes and frame offsets. */
async function withFrames(n: number): Promise<{ file: Uint8Array; ends: number[] }> {
  const h = await vf.create('A');
  const ends: number[] = [];
  for (let i = 1; i <= n; i++) {
    await h.appendChange(bytes(`c${i}`), { seq: i, hash: 'ab'.repeat(32) });
    ends.push(h.journalStats().bytes);
  }
  await h.lock();
  return { file: await readFile(journalPathOf(vf.path)), ends };
}

describe('vault journal', () => {
  it('replays appended frames in order after the snapshot, with their tags and the latest witness', async () => {
    const h = await vf.create('A');
    await Promise.all([h.appendChange(bytes('c1'), undefined), h.appendChange(bytes('c2'), { seq: 7, hash: 'cd'.repeat(32) })]);
    await h.appendWitness({ seq: 9, hash: 'ef'.repeat(32) });
    await h.lock();
    const h2 = await open();
    expect(text(h2.readBody())).toBe('A');
    const { frames } = h2.takeJournal();
    expect(frames.map((f) => [f.kind, text(f.payload), f.tag?.seq])).toEqual([['change', 'c1', undefined], ['change', 'c2', 7], ['witness', '', 9]]);
    expect(h2.latestWitness()).toEqual({ seq: 9, hash: 'ef'.repeat(32) });
  });

  it('compaction folds the journal into a new snapshot, keeps it as .journal.prev and carries the witness', async () => {
    const h = await vf.create('A');
    await h.appendChange(bytes('c1'), { seq: 3, hash: 'ab'.repeat(32) });
    expect(await h.compact(bytes('A+c1'), 0)).toBe(false); // the journal moved on: nothing written
    expect(await h.compact(bytes('A+c1'), 1)).toBe(true);
    await h.lock();
    const h2 = await open();
    expect([text(h2.readBody()), payloads(h2)]).toEqual(['A+c1', []]);
    expect(h2.latestWitness()?.seq).toBe(3);
    await h2.lock();
    const prev = vf.track(await openVaultWithPassphrase(vf.path, TEST_PASSPHRASE, { generation: 'previous' }));
    expect([text(prev.readBody()), payloads(prev)]).toEqual(['A', ['c1']]);
  });

  it('detects every flipped byte of the journal', async () => {
    const { file } = await withFrames(3);
    for (let i = 0; i < file.length; i++) {
      const copy = file.slice();
      copy[i]! ^= 0x01;
      await writeFile(journalPathOf(vf.path), copy);
      await expect(openVaultWithPassphrase(vf.path, TEST_PASSPHRASE), `byte ${i}`).rejects.toThrow(VaultCorruptedException);
    }
  });

  it('cuts a last frame whose tag never reached the disk (zeros), and only the last', async () => {
    const { file, ends } = await withFrames(3);
    const zeroed = file.slice();
    zeroed.fill(0, ends[2]! - 16, ends[2]);
    await writeFile(journalPathOf(vf.path), zeroed);
    const h = await open();
    const j = h.takeJournal();
    expect([j.frames.map((f) => text(f.payload)), j.cut?.index]).toEqual([['c1', 'c2'], 2]);
    await h.lock();
    const early = file.slice();
    early.fill(0, ends[1]! - 16, ends[1]);
    await writeFile(journalPathOf(vf.path), early);
    await expect(openVaultWithPassphrase(vf.path, TEST_PASSPHRASE)).rejects.toThrow(/frame 1 failed authentication/);
  });

  it('refuses removed, reordered and replayed frames', async () => {
    const { file, ends } = await withFrames(3);
    const [e1, e2, e3] = ends as [number, number, number];
    const head = file.subarray(0, JOURNAL_HEADER_LENGTH);
    const f = [file.subarray(JOURNAL_HEADER_LENGTH, e1), file.subarray(e1, e2), file.subarray(e2, e3)] as const;
    const cat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);
    for (const [label, bad] of [
      ['removed', cat(head, f[0], f[2])],
      ['reordered', cat(head, f[1], f[0], f[2])],
      ['replayed in the middle', cat(head, f[0], f[0], f[1], f[2])],
      ['replayed at the end', cat(head, f[0], f[1], f[2], f[1])],
      ['last removed but one', cat(head, f[0], f[1])],
    ] as const) {
      await writeFile(journalPathOf(vf.path), bad);
      const opened = openVaultWithPassphrase(vf.path, TEST_PASSPHRASE);
      if (label === 'last removed but one') {
        // Removing frames from the end looks like an older journal: the audit log's records of those
        // changes then claim changes the vault lacks, which the write path reports (audit/intent.ts).
        const h = vf.track(await opened);
        expect(payloads(h)).toEqual(['c1', 'c2']);
        continue;
      }
      await expect(opened, label).rejects.toThrow(/failed authentication/);
    }
  });

  it('cuts a torn last frame at every length, and appends after it', async () => {
    const { file, ends } = await withFrames(2);
    for (let len = ends[0]! + 1; len < ends[1]!; len++) {
      await writeFile(journalPathOf(vf.path), file.subarray(0, len));
      const h = await open();
      expect(payloads(h), `length ${len}`).toEqual(['c1']);
      await h.appendChange(bytes('again'), undefined);
      await h.lock();
      const h2 = await open();
      expect(payloads(h2), `length ${len}`).toEqual(['c1', 'again']);
      await h2.lock();
    }
  });

  it('refuses a journal that belongs to another vault, or is newer than the vault file', async () => {
    await withFrames(1);
    const other = join(vf.dir, 'other.kwv');
    const o = await createVault(other, TEST_PASSPHRASE, bytes('B'), { kdf: FAST_KDF });
    await o.lock();
    await writeFile(journalPathOf(other), await readFile(journalPathOf(vf.path)));
    await expect(openVaultWithPassphrase(other, TEST_PASSPHRASE)).rejects.toThrow(VaultCorruptedException);
    const h = await open();
    await h.compact(bytes('A+c1'), 1);
    await h.appendChange(bytes('c2'), undefined);
    await h.lock();
    await writeFile(vf.path, await readFile(`${vf.path}.prev`)); // roll the vault file back alone
    await expect(openVaultWithPassphrase(vf.path, TEST_PASSPHRASE)).rejects.toThrow(/newer than the vault file/);
  });

  it('survives a crash before and after every step of an append and of a compaction', async () => {
    const run = async (label: string, first: boolean, act: (h: VaultHandle) => Promise<unknown>, old: [string, string[]], next: [string, string[]]) => {
      // A handle on a vault with snapshot 'A' (and frame c1), reopened so every step of `act` goes through the port.
      const setup = async (p: string): Promise<VaultHandle> => {
        const h = await createVault(p, TEST_PASSPHRASE, bytes('A'), { kdf: FAST_KDF });
        if (first) return h;
        await h.appendChange(bytes('c1'), undefined);
        await h.lock();
        return openVaultWithPassphrase(p, TEST_PASSPHRASE);
      };
      const probe = instrumented();
      const p0 = join(vf.dir, `probe-${label}.kwv`);
      const h0 = await setup(p0);
      __TESTS.setFs(h0, probe.fs);
      await act(h0);
      const steps = probe.calls.length; // the lock's own steps are not part of the act
      await h0.lock();
      const seen = new Set<string>();
      for (let at = 0; at < steps; at++) {
        for (const when of ['before', 'after'] as const) { // as const: keep the literal types
          const name = `${label}: crash ${when} ${probe.calls[at]} (${at})`;
          const p = join(vf.dir, `v-${label}-${at}-${when}.kwv`);
          const h = await setup(p);
          __TESTS.setFs(h, instrumented(at, when).fs);
          await expect(act(h), name).rejects.toThrow(/injected crash/);
          __TESTS.crash(h);
          const h2 = await openVaultWithPassphrase(p, TEST_PASSPHRASE);
          const got: [string, string[]] = [text(h2.readBody()), payloads(h2)];
          expect([old, next], name).toContainEqual(got);
          seen.add(JSON.stringify(got));
          await h2.appendChange(bytes('z'), undefined); // the journal goes on after the crash
          await h2.lock();
          const h3 = await openVaultWithPassphrase(p, TEST_PASSPHRASE);
          expect(payloads(h3), name).toEqual([...got[1], 'z']);
          await h3.lock();
        }
      }
      expect(seen.size, label).toBe(2); // both outcomes occur
      return steps;
    };
    const firstSteps = await run('first', true, (h) => h.appendChange(bytes('c2'), undefined), ['A', []], ['A', ['c2']]);
    const appendSteps = await run('append', false, (h) => h.appendChange(bytes('c2'), undefined), ['A', ['c1']], ['A', ['c1', 'c2']]);
    const compactSteps = await run('compact', false, (h) => h.compact(bytes('A+c1'), 1), ['A', ['c1']], ['A+c1', []]);
    // The snapshot commit test has 9 steps; an append has 3 (7 for the first), a compaction 10.
    expect(firstSteps + appendSteps + compactSteps).toBeGreaterThanOrEqual(18);
  });
});

describe('reconcile', () => {
  const t = (seq: number) => ({ seq, hash: String(seq).padStart(64, '0') });
  const change = (i: number, seq?: number) => ({ index: i, kind: 'change' as const, ...(seq ? { tag: t(seq) } : {}), payload: bytes(`c${i}`) });
  it('drops pending changes without a record at the tail, reports one missing before a present record, skips aborted ones', () => {
    const frames = [change(0), change(1, 1), change(2, 2), change(3, 3), { index: 4, kind: 'abort' as const, tag: t(4), payload: bytes('') }, change(5, 4), change(6, 5)];
    const r = reconcile(frames, (tag) => tag.seq === 1 || tag.seq === 3);
    expect(r.apply.map((f) => f.index)).toEqual([0, 1, 2, 3]);
    expect(r.breaks).toEqual([t(2)]);
    expect(r.discarded).toEqual([t(5)]);
  });
});

