/**
 * The tamper matrix: on a copy of a log and its digests, edit, delete, reorder, truncate and
 * append, records and digests, in every way listed, and check that verification names each
 * (the quick check when the key arrives, and the full walk). The witness stands in for the
 * vault: it keeps the head outside the copied folder, as the vault does.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit.js';
import { randomBytes } from '../crypto/random.js';
import { event } from './_test-kit.js';
import { canonicalJson, linkHash } from './chain.js';
import { DIGEST_FILE } from './digest.js';
import { AuditLog } from './store.js';
import type { WitnessPort, WitnessState } from './witness.js';

/** The vault's part: a witness held in memory (cloned per case). */
function memoryWitness(start?: WitnessState): WitnessPort & { state: WitnessState | undefined } {
  const w = {
    state: start ? { tag: { ...start.tag }, position: start.position } : undefined,
    async record(tag: WitnessState['tag']) {
      w.state = { tag: { ...tag }, position: (w.state?.position ?? 0) + 1 };
    },
    latest: () => w.state,
  };
  return w;
}

const key = randomBytes(32);
let base = '';
let midCopy = '';
let witness: WitnessState | undefined;
let midWitness: WitnessState | undefined;
const SEG = 'segment-000001.jsonl';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'keyward-tamper-'));
  midCopy = await mkdtemp(join(tmpdir(), 'keyward-tamper-mid-'));
  const w = memoryWitness();
  const log = await AuditLog.open(base, { syncIntervalMs: 0, witness: w, digestEveryRecords: 5 });
  await log.append(event(1)); // one record from before the key (an older log)
  await log.setKey(key.slice());
  for (let i = 2; i <= 20; i++) await log.append(event(i));
  await log.flush();
  await new Promise((r) => setTimeout(r, 50)); // digests are written beside appends
  await cp(base, midCopy, { recursive: true });
  midWitness = w.state;
  for (let i = 21; i <= 40; i++) await log.append(event(i));
  await log.setKey(undefined, 'close');
  await log.close();
  witness = w.state;
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
  await rm(midCopy, { recursive: true, force: true });
});

type Lines = string[];
const rec = (l: string) => JSON.parse(l) as AuditRecord; // lines this file wrote
/** Recompute plain SHA-256 hashes from line `from` on (someone without the key). */
function rehash(ls: Lines, from: number): Lines {
  let prev = rec(ls[from - 1]!).chain.hash;
  return ls.map((l, i) => {
    if (i < from) return l;
    const r = rec(l);
    const chain = { ...(r.chain.alg ? { alg: r.chain.alg } : {}), seq: r.chain.seq, prevHash: prev };
    prev = linkHash(prev, canonicalJson({ ...r, chain }), undefined);
    return canonicalJson({ ...r, chain: { ...chain, hash: prev } });
  });
}
const swap = (ls: Lines, a: number, b: number) => ls.map((l, i) => (i === a ? ls[b]! : i === b ? ls[a]! : l));

interface Case {
  name: string;
  records?: (ls: Lines) => Lines;
  digests?: (ls: Lines) => Lines;
  /** Raw bytes of a file instead of lines (torn tails). */
  raw?: { file: string; edit: (s: string) => string };
  /** Start from the copy taken half-way (a rollback of log and digests together). */
  fromMid?: boolean;
  /** The vault's witness to use instead of the latest. */
  witness?: () => WitnessState | undefined;
  /** What the check at unlock names (and the full walk, unless `later` says otherwise). */
  expect: RegExp;
  /** What the full walk names once the unlock digest was written on top, when it differs. */
  later?: RegExp;
  /** The check when the key arrives (newest digest to the end) finds it too. */
  atUnlock?: boolean;
}

/** Once a new digest follows a removed one, the walk names the gap in the digest chain. */
const GAP = /digest #\d+ is missing \(found #\d+ in its place\)/;

const CASES: Case[] = [
  { name: 'record edited', records: (ls) => ls.map((l, i) => (i === 9 ? l.replace(/"eventName":"\w+"/, '"eventName":"Forged"') : l)), expect: /record 10 was changed or forged \(MAC mismatch\)/ },
  { name: 'record edited, later hashes recomputed with SHA-256', records: (ls) => rehash(ls.map((l, i) => (i === 9 ? l.replace(/"eventName":"\w+"/, '"eventName":"Forged"') : l)), 9), expect: /record 10 was changed or forged \(MAC mismatch\)/ },
  { name: 'record deleted from the middle', records: (ls) => ls.filter((_, i) => i !== 14), expect: /expected record 15, found 16/ },
  { name: 'records reordered', records: (ls) => swap(ls, 20, 21), expect: /expected record 21, found 22/ },
  { name: 'records duplicated', records: (ls) => [...ls.slice(0, 31), ls[30]!, ...ls.slice(31)], expect: /expected record 32, found 31/ },
  { name: 'tail truncated (last 3 records)', atUnlock: true, records: (ls) => ls.slice(0, -3), expect: /records 38 to 40 are missing from the end of the log/ },
  { name: 'tail truncated mid-record (torn line)', atUnlock: true, raw: { file: SEG, edit: (s) => s.slice(0, s.length - 40) }, expect: /records 40 to 40 are missing from the end of the log/ },
  { name: 'forged record appended (SHA-256, no MAC)', atUnlock: true, records: (ls) => rehash([...ls, canonicalJson({ ...rec(ls[39]!), chain: { seq: 41, prevHash: '', hash: '' } })].map((l, i) => (i === 40 ? l.replace(/"alg":"HMAC-SHA256",/, '') : l)), 40), expect: /record 41 has no MAC .* after the log was closed/ },
  { name: 'forged record appended claiming a MAC', atUnlock: true, records: (ls) => rehash([...ls, canonicalJson({ ...rec(ls[39]!), chain: { alg: 'HMAC-SHA256', seq: 41, prevHash: '', hash: '' } })], 40), expect: /record 41 was changed or forged \(MAC mismatch\)/ },
  { name: 'digest edited', digests: (ls) => ls.map((l, i) => (i === 2 ? l.replace(/"to":(\d+)/, (_, n: string) => `"to":${Number(n) - 1}`) : l)), expect: /digest #3 was changed or forged \(MAC mismatch\)/ },
  { name: 'digest deleted from the middle', digests: (ls) => ls.filter((_, i) => i !== 2), expect: /digest #3 is missing \(found #4 in its place\)/ },
  { name: 'digests reordered', digests: (ls) => swap(ls, 2, 3), expect: /digest #3 is missing \(found #4 in its place\)/ },
  { name: 'digest duplicated', digests: (ls) => [...ls.slice(0, 3), ls[2]!, ...ls.slice(3)], expect: /digest #3 appears after #3/ },
  { name: 'last digest deleted', atUnlock: true, digests: (ls) => ls.slice(0, -1), expect: /digest #\d+ is missing from the end of digests.jsonl although the vault witnessed/, later: GAP },
  { name: 'digests truncated mid-line', atUnlock: true, raw: { file: DIGEST_FILE, edit: (s) => s.slice(0, s.length - 30) }, expect: /missing from the end of digests.jsonl although the vault witnessed/, later: GAP },
  { name: 'digests deleted', atUnlock: true, digests: () => [], expect: /digests.jsonl holds no digest although the vault witnessed/, later: GAP },
  { name: 'forged digest appended', digests: (ls) => [...ls, ls[ls.length - 1]!.replace(/"n":(\d+)/, (_, n: string) => `"n":${Number(n) + 1}`)], expect: /digest #\d+ was changed or forged \(MAC mismatch\)/ },
  { name: 'log and digests rolled back together', atUnlock: true, fromMid: true, expect: /missing from the end of (the log|digests.jsonl)/, later: GAP },
  { name: 'vault older than the log (witness rolled back)', atUnlock: true, witness: () => midWitness, expect: /the vault is older than the log says/ },
];

async function tamperedCopy(c: Case): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-tamper-case-'));
  await cp(c.fromMid ? midCopy : base, dir, { recursive: true });
  const edit = async (file: string, f: (ls: Lines) => Lines) => {
    const ls = (await readFile(join(dir, file), 'utf8')).split('\n').slice(0, -1);
    await writeFile(join(dir, file), f(ls).map((l) => `${l}\n`).join(''));
  };
  if (c.records) await edit(SEG, c.records);
  if (c.digests) await edit(DIGEST_FILE, c.digests);
  if (c.raw) await writeFile(join(dir, c.raw.file), c.raw.edit(await readFile(join(dir, c.raw.file), 'utf8')));
  return dir;
}

describe('the untouched copy verifies', () => {
  it('intact: every record and digest passes, and the unkeyed first record is allowed', async () => {
    const dir = await tamperedCopy({ name: 'none', expect: /./ });
    const mw = memoryWitness(witness);
    const log = await AuditLog.open(dir, { syncIntervalMs: 0, witness: mw });
    expect(await log.setKey(key.slice())).toBeUndefined();
    const v = await log.verify({ witness: mw.latest() });
    expect(v).toMatchObject({ ok: true, checked: 40 });
    expect(v.digests).toBeGreaterThan(5);
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('tamper matrix: each change is named by verification', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = await tamperedCopy(c);
      const w = (c.witness ?? (() => witness))();
      const mw = memoryWitness(w);
      const log = await AuditLog.open(dir, { syncIntervalMs: 0, witness: mw, onWarning: () => {} });
      try {
        // The check when the key arrives finds what is at the end (the service keeps it as a break) ...
        const atUnlock = await log.setKey(key.slice());
        if (c.atUnlock) expect(atUnlock?.reason ?? log.openReport.tail.reason).toMatch(c.expect);
        // ... and so does every later full walk, after the unlock digest was written on top.
        const v = await log.verify({ witness: mw.latest() });
        expect(v.ok).toBe(false);
        expect(v.reason).toMatch(c.later ?? c.expect);
      } finally {
        await log.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
