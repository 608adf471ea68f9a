import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src-shared/wire.js';
import { createTestEngine } from '../kms/test-harness.js';
import { DAY_MS } from '../platform/clock.js';
import { runDueActions, upcomingEvents } from './scheduler.js';

describe('scheduler under a virtual clock', () => {
  it('rotates a key when NextRotationDate passes; ciphertexts made before still decrypt', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('CreateKey', {});
    await t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 90 });
    const before = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: utf8.encode('v1') });
    t.clock.advanceDays(89);
    expect(runDueActions(t.ctx)).toEqual([]);
    t.clock.advanceDays(1);
    const actions = runDueActions(t.ctx);
    expect(actions.map((a) => [a.eventName, a.keyId])).toEqual([['RotateKey', md.KeyId]]);
    const status = await t.call('GetKeyRotationStatus', { KeyId: md.KeyId });
    expect(status.NextRotationDate).toEqual(new Date(t.clock.now().getTime() + 90 * DAY_MS));
    expect(utf8.decode((await t.call('Decrypt', { CiphertextBlob: before.CiphertextBlob })).Plaintext)).toBe('v1');
    const rotations = await t.call('ListKeyRotations', { KeyId: md.KeyId });
    expect(rotations.Rotations).toMatchObject([{ RotationType: 'AUTOMATIC', KeyMaterialState: 'CURRENT' }]);
  });

  it('catches up on every rotation that fell due while the vault was closed, each at its due date', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('CreateKey', {});
    await t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 100 });
    const enabledAt = t.clock.now().getTime();
    t.clock.advanceDays(350); // closed for 350 days: due at 100, 200, 300
    const actions = runDueActions(t.ctx);
    expect(actions.map((a) => a.dueAt.getTime())).toEqual([100, 200, 300].map((d) => enabledAt + d * DAY_MS));
    expect((await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).NextRotationDate).toEqual(new Date(enabledAt + 400 * DAY_MS));
    expect(runDueActions(t.ctx)).toEqual([]); // idempotent
  });

  it('does not rotate disabled keys; once re-enabled, a missed rotation runs at the next pass', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('CreateKey', {});
    await t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 90 });
    await t.call('DisableKey', { KeyId: md.KeyId });
    t.clock.advanceDays(200);
    expect(runDueActions(t.ctx)).toEqual([]);
    await t.call('EnableKey', { KeyId: md.KeyId });
    expect(runDueActions(t.ctx).map((a) => a.eventName)).toEqual(['RotateKey']);
  });

  it('erases keys whose deletion date passed: material zeroed, aliases gone, then NotFoundException (AccessDenied for its ciphertexts)', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('CreateKey', {});
    await t.call('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: md.KeyId });
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: utf8.encode('x') });
    const material = t.state.keys.get(md.KeyId)!.materials[0]!.bytes;
    await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 7 });
    t.clock.advanceDays(6);
    expect(runDueActions(t.ctx)).toEqual([]);
    t.clock.advanceDays(2); // closed past the deletion date: caught up on the next run
    expect(runDueActions(t.ctx)).toMatchObject([{ eventName: 'DeleteKey', keyId: md.KeyId }]);
    expect(material.every((b) => b === 0)).toBe(false); // kept until committed, so an undo gets it back
    await t.ctx.commit();
    expect(material.every((b) => b === 0)).toBe(true);
    await expect(t.call('DescribeKey', { KeyId: md.KeyId })).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(t.call('DescribeKey', { KeyId: 'alias/doomed' })).rejects.toMatchObject({ name: 'NotFoundException' });
    // A ciphertext naming a key that no longer exists: AWS's AccessDeniedException (kms/data-rules.ts cites the recorded answer).
    await expect(t.call('Decrypt', { CiphertextBlob })).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringMatching(/^The ciphertext refers to a customer master key that does not exist/) });
    expect(t.state.deletedKeys.map((d) => d.keyId)).toEqual([md.KeyId]);
  });

  it('lists upcoming rotations (with repeats) and deletions, soonest first', async () => {
    const t = createTestEngine();
    const { KeyMetadata: a } = await t.call('CreateKey', {});
    const { KeyMetadata: b } = await t.call('CreateKey', {});
    await t.call('EnableKeyRotation', { KeyId: a.KeyId, RotationPeriodInDays: 90 });
    await t.call('ScheduleKeyDeletion', { KeyId: b.KeyId, PendingWindowInDays: 10 });
    const events = upcomingEvents(t.ctx, 200);
    expect(events.map((e) => [e.kind, e.KeyId])).toEqual([['deletion', b.KeyId], ['rotation', a.KeyId], ['rotation', a.KeyId]]);
  });
});
