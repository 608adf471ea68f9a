/**
 * The audit log's findings 1-3 as they were reported, through the whole service: tail
 * truncation while Keyward is stopped, a detected break forgotten after a key change, and a
 * chain rewritten or extended with plain SHA-256 hashes. Each was unseen before the keyed
 * chain, digests and witness; each is now detected (and kept until acknowledged).
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit.js';
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract.js';
import { unwrap } from '../../src-shared/result.js';
import { canonicalJson, GENESIS_HASH, linkHash } from '../audit/chain.js';
import { testServiceOptions } from '../testing/service-kit.js';
import { tempDir } from '../testing/vault-kit.js';
import { createKeywardService } from './service.js';
import type { InProcessService } from './types.js';

const PASS = 'correct horse battery staple';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const { dir, cleanup } = await tempDir();
  let svc: InProcessService | undefined;
  const start = async () => {
    svc = await createKeywardService(testServiceOptions(dir));
    return svc;
  };
  cleanups.push(async () => {
    await svc?.close();
    await cleanup();
  });
  const ok = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => unwrap(await svc!.invoke(channel, request)); // started below
  const seg = join(dir, 'audit', 'segment-000001.jsonl');
  const lines = async () => (await readFile(seg, 'utf8')).split('\n').slice(0, -1);
  const writeLines = (ls: string[]) => writeFile(seg, ls.map((l) => `${l}\n`).join(''));
  const stop = async () => svc!.close(); // started by the test
  const call = async (channel: Channel, request: unknown) => svc!.handle(channel, request, { transport: 'ipc', sourceIPAddress: 'test', userAgent: 'test' }); // started by the test
  return { dir, start, stop, ok, call, lines, writeLines };
}

/** A key change, then ten read-only calls; Keyward is stopped afterwards. */
async function keyChangeThenTenReads(t: Awaited<ReturnType<typeof setup>>): Promise<void> {
  await t.start();
  await t.ok('vault:create', { Passphrase: PASS });
  const { KeyMetadata } = await t.ok('kms:CreateKey', {});
  for (let i = 0; i < 10; i++) await t.ok('kms:DescribeKey', { KeyId: KeyMetadata.KeyId });
  await t.stop();
}

/** Recompute the chain from line `from` on with plain SHA-256, as someone without the key would. */
function rehashFrom(ls: string[], from: number, stripAlg: boolean): string[] {
  let prev = from === 0 ? GENESIS_HASH : (JSON.parse(ls[from - 1]!) as AuditRecord).chain.hash; // lines this test wrote
  return ls.map((l, i) => {
    if (i < from) return l;
    const r = JSON.parse(l) as AuditRecord; // a line this test wrote
    const alg = stripAlg ? undefined : r.chain.alg;
    const chain = { ...(alg ? { alg } : {}), seq: r.chain.seq, prevHash: prev };
    const hash = linkHash(prev, canonicalJson({ ...r, chain }), undefined);
    prev = hash;
    return canonicalJson({ ...r, chain: { ...chain, hash } });
  });
}

describe('finding 1: tail truncation while Keyward is stopped', () => {
  for (const [label, cut] of [['the ten reads', 10], ['the reads and the CreateKey record', 11]] as const) {
    it(`deleting ${label} from the end is detected at unlock and by verify`, async () => {
      const t = await setup();
      await keyChangeThenTenReads(t);
      const before = await t.lines();
      expect(before).toHaveLength(12);
      await t.writeLines(before.slice(0, -cut));
      await t.start();
      await t.ok('vault:unlock', { Passphrase: PASS });
      const status = await t.ok('vault:status', {});
      expect(status.auditBreaks?.[0]?.reason).toMatch(new RegExp(`records ${13 - cut} to 12 are missing from the end of the log`));
      const v = await t.ok('audit:verify', {});
      expect(v.ok).toBe(false);
      expect(v.openBreaks?.[0]?.reason).toMatch(/missing from the end/);
    });
  }
});

describe('finding 2: a detected break stays reported until a person acknowledges it', () => {
  it('a key change does not erase it; audit:acknowledgeBreak (audited) does', async () => {
    const t = await setup();
    await keyChangeThenTenReads(t);
    await t.writeLines((await t.lines()).slice(0, -3));
    await t.start();
    await t.ok('vault:unlock', { Passphrase: PASS });
    expect((await t.ok('audit:verify', {})).ok).toBe(false);
    await t.ok('kms:CreateKey', { Description: 'an ordinary key change' });
    const v = await t.ok('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.openBreaks?.[0]?.reason).toMatch(/records 10 to 12 are missing from the end of the log/);
    // After a restart too.
    await t.stop();
    await t.start();
    await t.ok('vault:unlock', { Passphrase: PASS });
    const again = await t.ok('audit:verify', {});
    expect(again.ok).toBe(false);
    const id = again.openBreaks![0]!.id; // an open break, checked above
    // The same truncation may contradict more than one digest (each is named); acknowledge each.
    let open = again.openBreaks ?? [];
    for (let i = 0; i < 5 && open.length > 0; i++) {
      for (const b of open) await t.ok('audit:acknowledgeBreak', { Id: b.id });
      open = (await t.ok('audit:verify', {})).openBreaks ?? [];
    }
    expect(open).toEqual([]);
    const after = await t.ok('audit:verify', {});
    expect(after).toMatchObject({ ok: true });
    expect(after.acknowledged?.length).toBeGreaterThan(0);
    const rec = await t.ok('audit:query', { eventName: 'audit:acknowledgeBreak' });
    expect(rec.records[0]?.requestParameters).toMatchObject({ id });
  });
});

describe('finding 3: the chain has a key', () => {
  for (const stripAlg of [false, true]) {
    it(`an edited record with every hash after it recomputed with SHA-256 (${stripAlg ? 'marked unkeyed' : 'still marked HMAC'}) is detected`, async () => {
      const t = await setup();
      await keyChangeThenTenReads(t);
      const ls = await t.lines();
      const edited = ls.map((l, i) => (i === 4 ? l.replace('"DescribeKey"', '"ListAliases"') : l));
      await t.writeLines(rehashFrom(edited, 4, stripAlg));
      await t.start();
      await t.ok('vault:unlock', { Passphrase: PASS });
      const v = await t.ok('audit:verify', {});
      expect(v.ok).toBe(false);
      expect(v.firstBadSeq).toBe(5);
      expect(v.reason).toMatch(stripAlg ? /record 5 has no MAC .* a forged or altered record/ : /record 5 was changed or forged \(MAC mismatch\)/);
    });
  }

  it('a forged record appended with a correct SHA-256 hash is detected', async () => {
    const t = await setup();
    await keyChangeThenTenReads(t);
    const ls = await t.lines();
    const last = JSON.parse(ls[ls.length - 1]!) as AuditRecord; // a line this test wrote
    const forged = { ...last, eventName: 'DisableKey', readOnly: false, eventID: 'forged', chain: { ...last.chain, seq: last.chain.seq + 1 } };
    await t.writeLines(rehashFrom([...ls, canonicalJson(forged)], ls.length, true));
    await t.start();
    await t.ok('vault:unlock', { Passphrase: PASS });
    const v = await t.ok('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.openBreaks?.[0]?.reason ?? v.reason).toMatch(/record 13 has no MAC .* after the log was closed/);
  });
});

describe('finding 9 (rollback): a vault replaced by an older copy', () => {
  /** The vault's files (the snapshot and its journal), copied as a set. */
  const vaultFiles = async (dir: string) => (await readdir(dir)).filter((f) => /^vault\.kwv(\.journal)?$/.test(f));
  const copySet = async (from: string, to: string) => {
    for (const f of await vaultFiles(from)) await copyFile(join(from, f), join(to, f));
  };

  it('is seen at unlock: the log\'s digests say the vault was further on', async () => {
    const t = await setup();
    await t.start();
    await t.ok('vault:create', { Passphrase: PASS });
    await t.ok('kms:CreateKey', {});
    await t.stop();
    const older = join(t.dir, 'older');
    await mkdir(older);
    await copySet(t.dir, older);
    await t.start();
    await t.ok('vault:unlock', { Passphrase: PASS });
    await t.ok('kms:CreateKey', {});
    await t.stop();
    // The whole vault (file and journal) replaced: the audit log's digests see it.
    for (const f of await vaultFiles(t.dir)) await rm(join(t.dir, f));
    await copySet(older, t.dir);
    await t.start();
    await t.ok('vault:unlock', { Passphrase: PASS });
    const status = await t.ok('vault:status', {});
    expect(status.auditBreaks?.[0]?.reason).toMatch(/the vault is older than the log says/);
    const v = await t.ok('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.reason).toMatch(/the vault is older than the log says/);
  });

  it('the vault file alone replaced is refused at unlock: its journal is newer than it', async () => {
    const t = await setup();
    await t.start();
    await t.ok('vault:create', { Passphrase: PASS });
    await t.ok('kms:CreateKey', {});
    await t.stop();
    await copyFile(join(t.dir, 'vault.kwv'), join(t.dir, 'older.kwv'));
    await t.start();
    await t.ok('vault:unlock', { Passphrase: PASS });
    await t.ok('kms:CreateKey', {});
    await t.stop();
    await copyFile(join(t.dir, 'older.kwv'), join(t.dir, 'vault.kwv'));
    await t.start();
    const r = await t.call('vault:unlock', { Passphrase: PASS });
    expect(r.ok ? 'ok' : r.error.message).toMatch(/replaced by an older copy/);
  });
});
