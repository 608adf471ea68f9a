/** The session over the journal: every change replays to the same state; change scopes, aborts and reconciliation. */
import { describe, expect, it } from 'vitest';
import { KmsSchemas, type KmsOperation, type KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { parseRequest } from '../../src-shared/validation.js';
import type { RecordTag } from '../audit/intent.js';
import { emptyState, serialiseState } from '../kms/model.js';
import { VirtualClock } from '../platform/clock.js';
import { nodeFs } from '../platform/fs.js';
import { runDueActions } from '../schedule/scheduler.js';
import { TEST_PASSPHRASE, useVaultFile } from '../testing/vault-kit.js';
import { __TESTS, openVaultWithPassphrase } from '../vault/vault.js';
import { createAccessKey, revokeAccessKey } from './access-keys.js';
import { VaultSession } from './session.js';

const vf = useVaultFile();
const clock = new VirtualClock(new Date('2026-03-01T00:00:00Z'));
const selfTest = () => ({ ok: true, at: new Date(0), results: [] });
const tag = (seq: number): RecordTag => ({ seq, hash: String(seq).padStart(64, '0') });
const td = new TextDecoder();
const textOf = (s: VaultSession): unknown => JSON.parse(td.decode(serialiseState(s.state)));

async function fresh(): Promise<VaultSession> {
  const h = vf.track(await vf.create(td.decode(serialiseState(emptyState('')))));
  return new VaultSession(h, clock, selfTest, () => undefined);
}

async function reopen(hasRecord: (t: RecordTag) => boolean = () => true): Promise<VaultSession> {
  const h = vf.track(await openVaultWithPassphrase(vf.path, TEST_PASSPHRASE));
  return new VaultSession(h, clock, selfTest, () => undefined, { hasRecord });
}

function call<O extends KmsOperation>(s: VaultSession, op: O, req: unknown): Promise<KmsResponse<O>> {
  return s.engine.execute(op, parseRequest(KmsSchemas[op], req) as KmsRequest<O>); // parsed by the op's own schema
}

describe('session over the vault journal', () => {
  it('every kind of change replays from the journal to the same state, and again after compaction', async () => {
    const s = await fresh();
    const { KeyMetadata: a } = await call(s, 'CreateKey', { Description: 'a', Tags: [{ TagKey: 't', TagValue: '1' }] });
    const { KeyMetadata: b } = await call(s, 'CreateKey', { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] }) });
    const { KeyMetadata: c } = await call(s, 'CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await call(s, 'CreateAlias', { AliasName: 'alias/one', TargetKeyId: a.KeyId });
    await call(s, 'CreateAlias', { AliasName: 'alias/two', TargetKeyId: a.KeyId });
    await call(s, 'UpdateAlias', { AliasName: 'alias/one', TargetKeyId: b.KeyId });
    await call(s, 'DeleteAlias', { AliasName: 'alias/two' });
    await call(s, 'TagResource', { KeyId: b.KeyId, Tags: [{ TagKey: 'x', TagValue: 'y' }] });
    await call(s, 'UntagResource', { KeyId: a.KeyId, TagKeys: ['t'] });
    await call(s, 'UpdateKeyDescription', { KeyId: b.KeyId, Description: 'bee' });
    await call(s, 'DisableKey', { KeyId: c.KeyId });
    await call(s, 'EnableKey', { KeyId: c.KeyId });
    await call(s, 'EnableKeyRotation', { KeyId: a.KeyId, RotationPeriodInDays: 90 });
    await call(s, 'RotateKeyOnDemand', { KeyId: b.KeyId });
    await call(s, 'ScheduleKeyDeletion', { KeyId: b.KeyId, PendingWindowInDays: 7 });
    await call(s, 'CancelKeyDeletion', { KeyId: b.KeyId });
    await call(s, 'ScheduleKeyDeletion', { KeyId: c.KeyId, PendingWindowInDays: 7 });
    await call(s, 'Encrypt', { KeyId: 'alias/aws/ebs', Plaintext: new Uint8Array([1]) }); // creates an AWS managed key
    clock.advanceDays(100);
    expect(runDueActions(s.ctx).map((x) => x.eventName).sort()).toEqual(['DeleteKey', 'RotateKey']);
    await s.ctx.commit();
    s.state.settings.region = 'eu-west-1';
    s.state.settings.accountId = '444455556666';
    const ak = createAccessKey(s.state, 'ci', clock.now());
    createAccessKey(s.state, 'other', clock.now());
    await s.ctx.commit();
    revokeAccessKey(s.state, ak.AccessKeyId);
    await s.ctx.commit();
    const expected = textOf(s);
    expect(s.vault.journalStats().frames).toBeGreaterThan(15);
    __TESTS.crash(s.vault); // no compaction: the next unlock replays the journal
    const r = await reopen();
    expect(textOf(r)).toEqual(expected);
    await r.lock(); // folds the journal
    const r2 = await reopen();
    expect(r2.vault.journalStats().frames).toBe(0);
    expect(textOf(r2)).toEqual(expected);
  });

  it('a change scope yields an intent: prepare writes it pending, commit keeps it, abort undoes memory and marks the frame', async () => {
    const s = await fresh();
    const read = s.beginChange();
    await call(s, 'ListKeys', {});
    expect(read.end()).toBeUndefined();
    const sc = s.beginChange();
    const { KeyMetadata: k } = await call(s, 'CreateKey', { Description: 'one' });
    const created = sc.end()!;
    await created.prepare(tag(1));
    created.commit();
    const sc2 = s.beginChange();
    await call(s, 'TagResource', { KeyId: k.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    const tagged = sc2.end()!;
    await tagged.prepare(tag(2));
    tagged.abort();
    expect(s.state.keys.get(k.KeyId)!.tags).toEqual([]);
    const sc3 = s.beginChange();
    await call(s, 'UpdateKeyDescription', { KeyId: k.KeyId, Description: 'two' });
    await sc3.end()!.prepare(tag(3)); // pending: the process dies before the record is written
    await s.vault.appendWitness(tag(3));
    __TESTS.crash(s.vault);
    const r = await reopen((t) => t.seq !== 3); // records 1 and 2 are in the log, 3 is not
    expect(r.state.keys.get(k.KeyId)).toMatchObject({ description: 'one', tags: [] });
    expect(r.openReport).toEqual({ discarded: [tag(3)], breaks: [] });
    expect(r.vault.latestWitness()).toEqual(tag(3));
    await r.whenReady();
    __TESTS.crash(r.vault);
    const again = await reopen(() => true); // the dropped change was marked aborted: a later record does not revive it
    expect(again.state.keys.get(k.KeyId)!.description).toBe('one');
  });

  it('a missing record before a present one is a break; an aborted change undoes the later ones first', async () => {
    const s = await fresh();
    const sc = s.beginChange();
    const { KeyMetadata: k } = await call(s, 'CreateKey', { Description: 'base' });
    await sc.end()!.prepare(tag(1));
    const a = s.beginChange();
    await call(s, 'UpdateKeyDescription', { KeyId: k.KeyId, Description: 'a' });
    const ia = a.end()!;
    const b = s.beginChange();
    await call(s, 'UpdateKeyDescription', { KeyId: k.KeyId, Description: 'b' });
    const ib = b.end()!;
    await ia.prepare(tag(2));
    await ib.prepare(tag(3));
    __TESTS.crash(s.vault);
    const r = await reopen((t) => t.seq !== 2);
    expect(r.openReport.breaks).toEqual([tag(2)]);
    expect(r.state.keys.get(k.KeyId)!.description).toBe('b');
    const x = r.beginChange();
    await call(r, 'UpdateKeyDescription', { KeyId: k.KeyId, Description: 'x' });
    const ix = x.end()!;
    const y = r.beginChange();
    await call(r, 'UpdateKeyDescription', { KeyId: k.KeyId, Description: 'y' });
    y.end();
    ix.abort();
    expect(r.state.keys.get(k.KeyId)!.description).toBe('b');
  });

  it('a commit that cannot be written is undone in memory (KMSInternalException), and the session goes on', async () => {
    const s = await fresh();
    __TESTS.setFs(s.vault, { ...nodeFs, writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })) });
    await expect(call(s, 'CreateKey', {})).rejects.toMatchObject({ name: 'KMSInternalException', message: expect.stringContaining('ENOSPC') });
    expect(s.state.keys.size).toBe(0);
    __TESTS.setFs(s.vault, nodeFs);
    await call(s, 'CreateKey', {});
    __TESTS.crash(s.vault);
    expect((await reopen()).state.keys.size).toBe(1);
  });
});
