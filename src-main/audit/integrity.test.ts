/**
 * When digests are written (integrity.ts): when the key arrives and leaves, after a batch
 * with a change (its callers answered only then), every N records, and a while after an
 * undigested record; and records written while locked are allowed, not mistaken for forgeries.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random.js';
import { event, useAuditDir } from './_test-kit.js';
import { DIGEST_FILE, parseDigest } from './digest.js';
import type { WitnessPort, WitnessState } from './witness.js';

const t = useAuditDir();
const key = randomBytes(32);

function witness(): WitnessPort & { state: WitnessState | undefined } {
  const w: WitnessPort & { state: WitnessState | undefined } = {
    state: undefined,
    async record(tag) {
      w.state = { tag: { ...tag }, position: (w.state?.position ?? 0) + 1 };
    },
    latest: () => w.state,
  };
  return w;
}

async function digests() {
  const text = await readFile(join(t.dir, DIGEST_FILE), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => parseDigest(l)!); // lines the log wrote
}

/** A read-only event (no change): DescribeKey is every fifth of the kit's events. */
const read = (i: number) => event(5 * i + 3);

describe('digest cadence', () => {
  it('unlock, each change (before its caller is answered), lock, close', async () => {
    const w = witness();
    const log = await t.openLog({ syncIntervalMs: 0, witness: w });
    await log.setKey(key.slice());
    expect((await digests()).map((d) => d.event)).toEqual(['unlock']);
    const change = event(4); // CreateKey: a change
    expect(change.readOnly).toBe(false);
    const r = await log.append(change);
    // Answered only once digested and witnessed.
    const after = await digests();
    expect(after.map((d) => [d.event, d.to])).toEqual([['unlock', 0], ['batch', r.chain.seq]]);
    expect(w.state?.tag).toEqual({ seq: r.chain.seq, hash: r.chain.hash, digest: 2 });
    await log.setKey(undefined, 'lock');
    await log.append(read(1)); // while locked: unkeyed, no digest
    await log.setKey(key.slice());
    await log.setKey(undefined, 'close');
    expect((await digests()).map((d) => d.event)).toEqual(['unlock', 'batch', 'lock', 'unlock', 'close']);
    expect(await log.verify({ witness: w.state, key })).toMatchObject({ ok: true, checked: 2, unkeyedAfterKey: 1 });
  });

  it('every N records of reads', async () => {
    const log = await t.openLog({ syncIntervalMs: 0, witness: witness(), digestEveryRecords: 4 });
    await log.setKey(key.slice());
    for (let i = 0; i < 4; i++) expect((await log.append(read(i))).readOnly).toBe(true);
    await expect.poll(async () => (await digests()).map((d) => d.to)).toEqual([0, 4]);
  });

  it('a while after the last undigested read (no count reached)', async () => {
    const log = await t.openLog({ syncIntervalMs: 0, witness: witness(), digestEveryMs: 20 });
    await log.setKey(key.slice());
    await log.append(read(1));
    await expect.poll(async () => (await digests()).map((d) => d.to), { timeout: 5_000 }).toEqual([0, 1]);
  });

  it('a digest that cannot be written is a warning, and the next occasion writes it', async () => {
    const warnings: string[] = [];
    let fail = true;
    const w = witness();
    const flaky: WitnessPort = { record: async (tag) => (fail ? Promise.reject(new Error('EIO')) : w.record(tag)), latest: () => w.latest() };
    const log = await t.openLog({ syncIntervalMs: 0, witness: flaky, onWarning: (m) => warnings.push(m) });
    await log.setKey(key.slice());
    expect(warnings[0]).toMatch(/a digest of the audit log could not be written/);
    fail = false;
    await log.append(event(4));
    expect((await digests()).map((d) => [d.n, d.event])).toEqual([[1, 'batch']]);
  });
});
