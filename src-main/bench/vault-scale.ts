/**
 * Vault at scale (npm run bench): a vault of 10,000 keys (aliases on one in five, tags on one
 * in three). Each figure beside a baseline measured in the same run:
 *
 * - CreateKey, TagResource, UpdateKeyDescription committed as one journal frame (change scope,
 *   prepare, commit) vs today's whole-vault rewrite (serialise, seal, atomic replace);
 * - a DescribeKey and an Encrypt issued while a commit's frame is being written;
 * - a full ListKeys walk at the default page size vs re-sorting every id per page;
 * - unlock beyond the KDF (snapshot and a 1,000-frame journal), with its parts;
 * - the snapshot file's size vs the same vault with the default policy stored per key;
 * - compaction (the longest the event loop is held by one).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsSchemas, type KmsOperation, type KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { parseRequest } from '../../src-shared/validation.js';
import { scrypt } from '../crypto/scrypt.js';
import { defaultPolicy } from '../kms/default-policy.js';
import { KmsEngine } from '../kms/engine.js';
import { deserialiseState, emptyState, serialiseState } from '../kms/model.js';
import { paginate } from '../kms/paging.js';
import { isFullyFormedBody } from '../kms/body-check.js';
import { BODY_FORMAT_VERSION, BodySchema } from '../kms/vault-body.js';
import { systemClock } from '../platform/clock.js';
import { VaultSession } from '../service/session.js';
import { openBody, parseVaultFile } from '../vault/format.js';
import { stateOf } from '../vault/handle.js';
import { createVault, openVaultWithPassphrase } from '../vault/vault.js';
import { reportGoal } from './goals.js';
import { fmt, medianMs, row } from './measure.js';

const KEYS = Number(process.env.KEYWARD_BENCH_VAULT_KEYS ?? 10_000);
const PASS = 'bench passphrase';
const KDF = { N: 2 ** 10, r: 8, p: 1 };
const selfTest = () => ({ ok: true, at: new Date(0), results: [] });
const hash = 'ab'.repeat(32);
let seq = 0;
let lastDuring = 0;

function call<O extends KmsOperation>(engine: KmsEngine, op: O, req: unknown): Promise<KmsResponse<O>> {
  return engine.execute(op, parseRequest(KmsSchemas[op], req) as KmsRequest<O>); // parsed by the op's own schema
}

const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

async function buildBody(): Promise<{ body: Uint8Array; ids: string[] }> {
  const state = emptyState('');
  const engine = new KmsEngine({ state, clock: systemClock, commit: async () => undefined, assertCryptoReady: () => undefined });
  const ids: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    const { KeyMetadata: k } = await call(engine, 'CreateKey', { Description: `bench key ${i}`, ...(i % 3 === 0 ? { Tags: [{ TagKey: 'team', TagValue: `t${i % 17}` }] } : {}) });
    if (i % 5 === 0) await call(engine, 'CreateAlias', { AliasName: `alias/bench-${i}`, TargetKeyId: k.KeyId });
    ids.push(k.KeyId);
  }
  return { body: serialiseState(state), ids };
}

/** Median ms of one audited change through a change scope (prepare writes the frame, then commit). */
async function scoped(s: VaultSession, run: () => Promise<unknown>, n = 40): Promise<number> {
  return medianMs(async () => {
    const scope = s.beginChange();
    await run();
    const intent = scope.end();
    if (!intent) throw new Error('bench: nothing changed');
    await intent.prepare({ seq: ++seq, hash });
    intent.commit();
  }, n);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-vault-'));
  const path = join(dir, 'vault.kwv');
  try {
    console.log(`\nVault at scale: ${KEYS.toLocaleString('en-US')} keys (machine shared with other jobs: figures are indicative)`);
    const { body, ids } = await buildBody();
    const h = await createVault(path, PASS, body, { kdf: KDF });
    const s = new VaultSession(h, systemClock, selfTest, () => undefined);
    const e = s.engine;
    let i = 0;
    const pick = (): string => ids[(i++ * 7919) % ids.length]!;

    // Today's commit: the whole state serialised, sealed and atomically replaced.
    const whole = await medianMs(async () => {
      const b = serialiseState(s.state);
      await h.commit(b);
      b.fill(0);
    }, 5);
    const goals: [string, number][] = [
      ['CreateKey', await scoped(s, () => call(e, 'CreateKey', { Description: 'new' }))],
      ['TagResource', await scoped(s, () => call(e, 'TagResource', { KeyId: pick(), Tags: [{ TagKey: 'k', TagValue: String(i) }] }))],
      ['UpdateKeyDescription', await scoped(s, () => call(e, 'UpdateKeyDescription', { KeyId: pick(), Description: `d${i}` }))],
    ];
    for (const [op, t] of goals) {
      console.log(row(`${op} commit (one journal frame)`, fmt.ms(t), `whole-vault rewrite ${fmt.ms(whole)}`, t / whole));
      reportGoal({ figure: `Vault ${KEYS} keys: ${op} commit`, goal: '<= 10 ms', measured: `${fmt.ms(t)} (whole-vault rewrite ${fmt.ms(whole)}, ${(whole / t).toFixed(0)}x less)`, met: t <= 10 });
    }

    // Reads and crypto while a commit's frame is being written (nothing holds them).
    for (const op of ['DescribeKey', 'Encrypt'] as const) { // as const: literal op names
      const t = await medianMs(async () => {
        const scope = s.beginChange();
        await call(e, 'UpdateKeyDescription', { KeyId: pick(), Description: `x${i}` });
        const intent = scope.end()!; // a new description always changes the state
        const writing = intent.prepare({ seq: ++seq, hash });
        const t0 = process.hrtime.bigint();
        await (op === 'DescribeKey' ? call(e, 'DescribeKey', { KeyId: pick() }) : call(e, 'Encrypt', { KeyId: pick(), Plaintext: new Uint8Array(1024) }));
        lastDuring = ms(t0);
        await writing;
        intent.commit();
      }, 21).then(() => lastDuring);
      console.log(row(`${op} issued during a commit`, `${t.toFixed(3)} ms`, `waiting for a whole-vault commit ${fmt.ms(whole)}`));
      reportGoal({ figure: `Vault ${KEYS} keys: ${op} during a commit`, goal: '< 5 ms', measured: `${t.toFixed(3)} ms (waiting for a whole-vault commit: ${fmt.ms(whole)})`, met: t < 5 });
    }

    // ListKeys: a full walk at the default page size.
    const walk = async (page: (marker: string | undefined) => Promise<{ NextMarker?: string }>): Promise<number> => {
      const t = process.hrtime.bigint();
      let marker: string | undefined;
      do marker = (await page(marker)).NextMarker;
      while (marker);
      return ms(t);
    };
    const newWalk = await walk((m) => call(e, 'ListKeys', m ? { Marker: m } : {}));
    const oldWalk = await walk(async (m) => paginate([...s.state.keys.keys()].sort(), (x) => x, 100, m));
    console.log(row('ListKeys full walk (100 per page)', fmt.ms(newWalk), `re-sort per page ${fmt.ms(oldWalk)}`, newWalk / oldWalk));
    reportGoal({ figure: `Vault ${KEYS} keys: ListKeys full walk`, goal: 'per page, not per vault', measured: `${fmt.ms(newWalk)} (re-sorting per page ${fmt.ms(oldWalk)})`, met: newWalk * 5 < oldWalk });

    // Compaction: the journal folded into a new snapshot.
    const tc = process.hrtime.bigint();
    await s.compactNow();
    const compact = ms(tc);
    console.log(row('compaction (serialise + seal + replace)', fmt.ms(compact)));

    // Unlock beyond the KDF: snapshot only, then with 1,000 journal frames.
    const size = (await stat(path)).size;
    const current = serialiseState(s.state);
    await s.lock();
    // Wall time on a loaded machine mostly measures the other jobs; CPU time of this process
    // (process.cpuUsage, every thread) is reported beside it and decides the goal.
    const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const kdfCpu = Math.min(...await Promise.all([0, 1, 2].map(async () => {
      const c = cpu();
      await scrypt(new TextEncoder().encode(PASS), new Uint8Array(16), 32, KDF);
      return cpu() - c;
    })));
    const unlock = async (): Promise<{ wall: number; cpu: number }> => {
      const t = process.hrtime.bigint();
      const c = cpu();
      const v = await openVaultWithPassphrase(path, PASS);
      const ss = new VaultSession(v, systemClock, selfTest, () => undefined);
      const took = { wall: ms(t) - kdfCpu, cpu: cpu() - c - kdfCpu };
      await ss.lock();
      return took;
    };
    const best = (xs: { wall: number; cpu: number }[]): { wall: number; cpu: number } => ({ wall: Math.min(...xs.map((x) => x.wall)), cpu: Math.min(...xs.map((x) => x.cpu)) });
    const snapOnly = best([await unlock(), await unlock(), await unlock()]);
    const s2 = new VaultSession(await openVaultWithPassphrase(path, PASS), systemClock, selfTest, () => undefined);
    for (let n = 0; n < 1000; n++) await call(s2.engine, 'UpdateKeyDescription', { KeyId: pick(), Description: `j${n}` });
    await s2.vault.lock(); // keep the journal: no compaction
    const withJournal = best([await unlock(), await unlock()]);
    console.log(row('unlock beyond KDF (snapshot), CPU', fmt.ms(snapOnly.cpu), `wall ${fmt.ms(snapOnly.wall)}, KDF CPU ${fmt.ms(kdfCpu)}`));
    console.log(row('unlock beyond KDF (+1,000 frames), CPU', fmt.ms(withJournal.cpu), `wall ${fmt.ms(withJournal.wall)}`));
    reportGoal({
      figure: `Vault ${KEYS} keys: unlock beyond KDF (CPU)`, goal: '<= 150 ms',
      measured: `${fmt.ms(snapOnly.cpu)} CPU (${fmt.ms(snapOnly.wall)} wall); with 1,000 journal frames ${fmt.ms(withJournal.cpu)} CPU`,
      met: Math.max(snapOnly.cpu, withJournal.cpu) <= 150,
    });

    await unlockParts(path);

    const policyBytes = sizeWithPolicies(current) + (size - current.length); // the same header, nonce, tag and trailer
    console.log(row('vault file size', `${(size / 1e6).toFixed(2)} MB`, `default policy per key ${(policyBytes / 1e6).toFixed(2)} MB`, size / policyBytes));
    reportGoal({ figure: `Vault ${KEYS} keys: file size`, goal: 'no default policy per key', measured: `${(size / 1e6).toFixed(2)} MB (with it: ${(policyBytes / 1e6).toFixed(2)} MB)`, met: size < policyBytes * 0.8 });
    reportGoal({ figure: `Vault ${KEYS} keys: compaction (event loop held)`, goal: 'on idle or lock only', measured: fmt.ms(compact), met: undefined });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where unlock goes beyond the KDF: read + parse, decrypt, JSON, schema, records (base64). */
async function unlockParts(path: string): Promise<void> {
  const v = await openVaultWithPassphrase(path, PASS);
  const key = stateOf(v).key.slice();
  await v.lock();
  const t0 = process.hrtime.bigint();
  const file = parseVaultFile(await readFile(path), path);
  const tRead = ms(t0);
  const t1 = process.hrtime.bigint();
  const body = openBody(file, key, path);
  const tDecrypt = ms(t1);
  const t2 = process.hrtime.bigint();
  const json: unknown = JSON.parse(new TextDecoder().decode(body));
  const tJson = ms(t2);
  const t3 = process.hrtime.bigint();
  BodySchema.parse(json);
  const tZod = ms(t3);
  const t5 = process.hrtime.bigint();
  isFullyFormedBody(json as Record<string, unknown>, BODY_FORMAT_VERSION); // parsed from our own body: an object
  const tFast = ms(t5);
  const t4 = process.hrtime.bigint();
  deserialiseState(body);
  const tAll = ms(t4);
  console.log(row('  unlock parts: read + trailer SHA-256', fmt.ms(tRead)));
  console.log(row('  unlock parts: XChaCha20-Poly1305 open', fmt.ms(tDecrypt)));
  console.log(row('  unlock parts: JSON.parse', fmt.ms(tJson)));
  console.log(row('  unlock parts: shape check (body-check.ts)', fmt.ms(tFast), `zod schema, off the path now ${fmt.ms(tZod)}`));
  console.log(row('  unlock parts: decode body (JSON+schema+records)', fmt.ms(tAll)));
  key.fill(0);
  body.fill(0);
}

/** The snapshot's size had every key its default policy written out (body version 2). */
function sizeWithPolicies(body: Uint8Array): number {
  const doc = JSON.parse(new TextDecoder().decode(body)) as { settings: { accountId: string }; keys: { policy?: string }[] }; // our own serialised body
  for (const k of doc.keys) k.policy ??= defaultPolicy(doc.settings.accountId);
  return new TextEncoder().encode(JSON.stringify(doc)).length;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
