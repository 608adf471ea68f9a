import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../platform/clock.js';
import { expectKms, newKey, text } from './_test-kit.js';
import { createTestEngine } from './test-harness.js';

describe('CreateKey / DescribeKey', () => {
  it('creates an enabled SYMMETRIC_DEFAULT key with KMS metadata and an ARN from the vault settings', async () => {
    const t = createTestEngine();
    const md = await newKey(t, { Tags: [{ TagKey: 'team', TagValue: 'pay' }] });
    expect(md).toMatchObject({
      AWSAccountId: '111122223333', Enabled: true, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER',
      Description: 'test key', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false,
    });
    expect(md.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(md.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${md.KeyId}`);
    expect(md.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(md.CreationDate).toEqual(t.clock.now());
    expect(t.commits()).toBe(1);
    const described = await t.call('DescribeKey', { KeyId: md.Arn });
    expect(described.KeyMetadata).toEqual(md);
  });

  it('uses the vault account and region in ARNs', async () => {
    const t = createTestEngine();
    t.state.settings.accountId = '999988887777';
    t.state.settings.region = 'eu-west-2';
    const md = await newKey(t);
    expect(md.Arn).toBe(`arn:aws:kms:eu-west-2:999988887777:key/${md.KeyId}`);
  });

  it('refuses unsupported specs, usages and origins with KMS exception names', async () => {
    const t = createTestEngine();
    await expectKms(t.call('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }), 'UnsupportedOperationException', /China Regions/);
    await expectKms(t.call('CreateKey', { KeyUsage: 'SIGN_VERIFY' }), 'ValidationException', /KeyUsage value must be ENCRYPT_DECRYPT\.$/);
    await expectKms(t.call('CreateKey', { Origin: 'EXTERNAL' }), 'UnsupportedOperationException');
    await expectKms(t.call('CreateKey', { KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'RSA_2048' }), 'ValidationException');
    await expectKms(t.call('CreateKey', { KeySpec: 'NOPE' }), 'ValidationException', /keySpec/);
    await expectKms(t.call('CreateKey', { Description: 'x'.repeat(8193) }), 'ValidationException', /description.*8192/);
    await expectKms(t.call('CreateKey', { Tags: [{ TagKey: 'aws:x', TagValue: '1' }] }), 'TagException');
    expect(t.state.keys.size).toBe(0);
  });

  it('DescribeKey accepts key id, key ARN, alias name and alias ARN; unknown ids give NotFoundException', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: md.KeyId });
    for (const id of [md.KeyId, md.Arn, 'alias/app', 'arn:aws:kms:us-east-1:111122223333:alias/app']) {
      expect((await t.call('DescribeKey', { KeyId: id })).KeyMetadata.KeyId).toBe(md.KeyId);
    }
    await expectKms(t.call('DescribeKey', { KeyId: 'alias/nope' }), 'NotFoundException', /Alias arn:aws:kms:us-east-1:111122223333:alias\/nope is not found/);
    await expectKms(t.call('DescribeKey', { KeyId: '00000000-0000-4000-8000-000000000000' }), 'NotFoundException', /does not exist/);
    await expectKms(t.call('DescribeKey', { KeyId: 'not-a-key' }), 'NotFoundException', /Invalid keyId/);
    await expectKms(t.call('DescribeKey', { KeyId: md.Arn.replace('us-east-1', 'us-west-2') }), 'NotFoundException');
    await expectKms(t.call('DescribeKey', { KeyId: '' }), 'ValidationException');
  });

  it('operations that take only a key id or ARN refuse aliases', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: md.KeyId });
    await expectKms(t.call('DisableKey', { KeyId: 'alias/app' }), 'NotFoundException');
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/b', TargetKeyId: 'alias/app' }), 'NotFoundException');
  });
});

describe('ListKeys', () => {
  it('pages with Limit and Marker, listing every key exactly once in every state', async () => {
    const t = createTestEngine();
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await newKey(t)).KeyId);
    const [first] = ids;
    await t.call('ScheduleKeyDeletion', { KeyId: first!, PendingWindowInDays: 7 });
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await t.call('ListKeys', { Limit: 3, ...(marker ? { Marker: marker } : {}) });
      pages += 1;
      seen.push(...page.Keys.map((k) => k.KeyId));
      for (const k of page.Keys) expect(k.KeyArn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${k.KeyId}`);
      marker = page.Truncated ? page.NextMarker : undefined;
      if (page.Truncated) expect(page.NextMarker).toBeTruthy();
    } while (marker);
    expect(pages).toBe(3);
    expect(new Set(seen)).toEqual(ids);
    expect(seen.length).toBe(7);
  });

  it('rejects a bad marker and out-of-range limits', async () => {
    const t = createTestEngine();
    await expectKms(t.call('ListKeys', { Marker: 'garbage' }), 'InvalidMarkerException');
    await expectKms(t.call('ListKeys', { Limit: 0 }), 'ValidationException', /limit.*greater than or equal to 1/);
    await expectKms(t.call('ListKeys', { Limit: 1001 }), 'ValidationException', /less than or equal to 1000/);
  });
});

describe('Lifecycle: enable, disable, description, deletion', () => {
  it('Enable/Disable are idempotent and reflected in metadata', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('DisableKey', { KeyId: md.KeyId });
    await t.call('DisableKey', { KeyId: md.KeyId });
    expect((await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    await t.call('EnableKey', { KeyId: md.Arn });
    await t.call('EnableKey', { KeyId: md.Arn });
    expect((await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  });

  it('UpdateKeyDescription changes the description; not while pending deletion', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('UpdateKeyDescription', { KeyId: md.KeyId, Description: 'new' });
    expect((await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata.Description).toBe('new');
    await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId });
    await expectKms(t.call('UpdateKeyDescription', { KeyId: md.KeyId, Description: 'x' }), 'KMSInvalidStateException');
  });

  it('ScheduleKeyDeletion: 7-30 days, default 30; CancelKeyDeletion leaves the key Disabled', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await expectKms(t.call('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 6 }), 'ValidationException', /^PendingWindowInDays must be between 7 and 30$/);
    await expectKms(t.call('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 31 }), 'ValidationException', /^PendingWindowInDays must be between 7 and 30$/);
    const out = await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId });
    expect(out).toEqual({ KeyId: md.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 30, DeletionDate: new Date(t.clock.now().getTime() + 30 * DAY_MS) });
    // PendingDeletionWindowInDays is only for multi-Region primaries in PendingReplicaDeletion (API_KeyMetadata).
    const pending = (await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata;
    expect(pending).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: out.DeletionDate });
    expect(pending).not.toHaveProperty('PendingDeletionWindowInDays');
    await expectKms(t.call('ScheduleKeyDeletion', { KeyId: md.KeyId }), 'KMSInvalidStateException');
    await expectKms(t.call('EnableKey', { KeyId: md.KeyId }), 'KMSInvalidStateException', /pending deletion/);
    expect(await t.call('CancelKeyDeletion', { KeyId: md.KeyId })).toEqual({ KeyId: md.Arn });
    const after = (await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('Disabled');
    expect(after.DeletionDate).toBeUndefined();
    await expectKms(t.call('CancelKeyDeletion', { KeyId: md.KeyId }), 'KMSInvalidStateException', /not pending deletion/);
  });
});

describe('Aliases', () => {
  it('create, list, update, delete', async () => {
    const t = createTestEngine();
    const k1 = await newKey(t);
    const k2 = await newKey(t);
    await t.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: k1.KeyId });
    await t.call('CreateAlias', { AliasName: 'alias/other', TargetKeyId: k1.Arn });
    let list = await t.call('ListAliases', {});
    // The predefined alias/aws/* aliases are listed too (aws-managed.test.ts); these are the customer's.
    expect(list.Aliases.filter((a) => !a.AliasName.startsWith('alias/aws/')).map((a) => [a.AliasName, a.TargetKeyId, a.AliasArn])).toEqual([
      ['alias/app', k1.KeyId, 'arn:aws:kms:us-east-1:111122223333:alias/app'],
      ['alias/other', k1.KeyId, 'arn:aws:kms:us-east-1:111122223333:alias/other'],
    ]);
    await t.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k2.KeyId });
    list = await t.call('ListAliases', { KeyId: k2.KeyId });
    expect(list.Aliases.map((a) => a.AliasName)).toEqual(['alias/app']);
    await t.call('DeleteAlias', { AliasName: 'alias/app' });
    await expectKms(t.call('DescribeKey', { KeyId: 'alias/app' }), 'NotFoundException');
    await expectKms(t.call('DeleteAlias', { AliasName: 'alias/app' }), 'NotFoundException');
    await expectKms(t.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k2.KeyId }), 'NotFoundException');
  });

  it('enforces the alias rules', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('CreateAlias', { AliasName: 'alias/dup', TargetKeyId: md.KeyId });
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/dup', TargetKeyId: md.KeyId }), 'AlreadyExistsException');
    await expectKms(t.call('CreateAlias', { AliasName: 'app', TargetKeyId: md.KeyId }), 'ValidationException', /^Alias must start with the prefix "alias\/"\./);
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/', TargetKeyId: md.KeyId }), 'InvalidAliasNameException');
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: md.KeyId }), 'NotAuthorizedException', /^$/); // AWS answers with no message (moto/kms/exceptions.py)
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/has space', TargetKeyId: md.KeyId }), 'ValidationException', /aliasName.*pattern/);
    await expectKms(t.call('CreateAlias', { AliasName: `alias/${'a'.repeat(251)}`, TargetKeyId: md.KeyId }), 'ValidationException');
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/x', TargetKeyId: '00000000-0000-4000-8000-000000000000' }), 'NotFoundException');
    await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId });
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/late', TargetKeyId: md.KeyId }), 'KMSInvalidStateException');
  });

  it('pages aliases', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    for (let i = 0; i < 5; i++) await t.call('CreateAlias', { AliasName: `alias/a${i}`, TargetKeyId: md.KeyId });
    // By KeyId: the predefined alias/aws/* aliases would follow otherwise (aws-managed.test.ts).
    const p1 = await t.call('ListAliases', { KeyId: md.KeyId, Limit: 2 });
    const p2 = await t.call('ListAliases', { KeyId: md.KeyId, Limit: 2, Marker: p1.NextMarker });
    const p3 = await t.call('ListAliases', { KeyId: md.KeyId, Limit: 2, Marker: p2.NextMarker });
    expect([...p1.Aliases, ...p2.Aliases, ...p3.Aliases].map((a) => a.AliasName)).toEqual(['alias/a0', 'alias/a1', 'alias/a2', 'alias/a3', 'alias/a4']);
    expect(p3.Truncated).toBe(false);
  });
});

describe('Tags', () => {
  it('tag, overwrite, untag, list', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'b', TagValue: '1' }, { TagKey: 'a', TagValue: '' }] });
    await t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'b', TagValue: '2' }] });
    expect((await t.call('ListResourceTags', { KeyId: md.KeyId })).Tags).toEqual([{ TagKey: 'a', TagValue: '' }, { TagKey: 'b', TagValue: '2' }]);
    await t.call('UntagResource', { KeyId: md.KeyId, TagKeys: ['a'] });
    expect((await t.call('ListResourceTags', { KeyId: md.KeyId })).Tags).toEqual([{ TagKey: 'b', TagValue: '2' }]);
  });

  it('refuses aws: prefixes, duplicates, over-long keys and more than 50 tags', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await expectKms(t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] }), 'TagException');
    await expectKms(t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'k', TagValue: '1' }, { TagKey: 'k', TagValue: '2' }] }), 'TagException');
    await expectKms(t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: '1' }] }), 'ValidationException');
    const many = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    await expectKms(t.call('TagResource', { KeyId: md.KeyId, Tags: many }), 'TagException', /^Too many tags$/);
  });
});

describe('Rotation', () => {
  it('Enable/Disable/GetKeyRotationStatus with RotationPeriodInDays (90-2560, default 365) and NextRotationDate', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    expect(await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).toEqual({ KeyId: md.Arn, KeyRotationEnabled: false });
    await t.call('EnableKeyRotation', { KeyId: md.KeyId });
    expect(await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).toEqual({
      KeyId: md.Arn, KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: new Date(t.clock.now().getTime() + 365 * DAY_MS),
    });
    await t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 90 });
    expect((await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).RotationPeriodInDays).toBe(90);
    await expectKms(t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 89 }), 'ValidationException', /rotationPeriodInDays/);
    await expectKms(t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 2561 }), 'ValidationException');
    await t.call('DisableKeyRotation', { KeyId: md.KeyId });
    expect((await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).KeyRotationEnabled).toBe(false);
    await t.call('DisableKey', { KeyId: md.KeyId });
    await expectKms(t.call('EnableKeyRotation', { KeyId: md.KeyId }), 'DisabledException');
  });

  it('RotateKeyOnDemand adds material; old ciphertexts still decrypt; new ones use the new material', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const old = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('before') });
    await t.call('RotateKeyOnDemand', { KeyId: md.KeyId });
    const after = (await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata;
    expect(after.CurrentKeyMaterialId).not.toBe(md.CurrentKeyMaterialId);
    const fresh = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('after') });
    expect((await t.call('Decrypt', { CiphertextBlob: old.CiphertextBlob })).KeyMaterialId).toBe(md.CurrentKeyMaterialId);
    expect((await t.call('Decrypt', { CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId).toBe(after.CurrentKeyMaterialId);
    const rotations = await t.call('ListKeyRotations', { KeyId: md.KeyId });
    expect(rotations.Rotations).toEqual([{ KeyId: md.Arn, KeyMaterialId: after.CurrentKeyMaterialId, KeyMaterialState: 'CURRENT', RotationDate: t.clock.now(), RotationType: 'ON_DEMAND' }]);
    const all = await t.call('ListKeyRotations', { KeyId: md.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(all.Rotations.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
  });

  it('RotateKeyOnDemand: at most 10 per key; Conflict when an automatic rotation is due within 20 minutes', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    for (let i = 0; i < 10; i++) await t.call('RotateKeyOnDemand', { KeyId: md.KeyId });
    await expectKms(t.call('RotateKeyOnDemand', { KeyId: md.KeyId }), 'LimitExceededException', /^The on-demand rotations limit has been reached/);
    const k2 = await newKey(t);
    await t.call('EnableKeyRotation', { KeyId: k2.KeyId, RotationPeriodInDays: 90 });
    t.clock.advance(90 * DAY_MS - 10 * 60_000);
    await expectKms(t.call('RotateKeyOnDemand', { KeyId: k2.KeyId }), 'ConflictException');
  });
});
