/**
 * AWS managed keys behind predefined aliases
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../platform/clock.js';
import { expectKms, newKey, text } from './_test-kit.js';
import { deserialiseState, serialiseState } from './model.js';
import { PREDEFINED_ALIASES } from './aws-managed.js';
import { createTestEngine } from './test-harness.js';

const ACCOUNT = '111122223333';
const denied = (op: string, keyId: string) =>
  new RegExp(
    `^User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kms:${op} on resource: arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId} because no resource-based policy allows the kms:${op} action$`,
  );

describe('predefined aliases and first use', () => {
  it('DescribeKey alias/aws/ssm creates the AWS managed key once: KeyManager AWS, symmetric, enabled', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/ssm' });
    expect(md).toMatchObject({
      KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', Enabled: true,
    });
    expect(t.commits()).toBe(1);
    const again = await t.call('DescribeKey', { KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ssm` });
    expect(again.KeyMetadata.KeyId).toBe(md.KeyId);
    expect(t.state.keys.size).toBe(1);
    expect(t.commits()).toBe(1);
  });

  it('Encrypt with alias/aws/s3 creates the key, and Decrypt without KeyId opens the blob', async () => {
    const t = createTestEngine();
    const enc = await t.call('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: text('fallback') });
    const dec = await t.call('Decrypt', { CiphertextBlob: enc.CiphertextBlob });
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('fallback');
    expect(dec.KeyId).toBe(enc.KeyId);
    const dk = await t.call('GenerateDataKey', { KeyId: 'alias/aws/secretsmanager', KeySpec: 'AES_256' });
    expect(dk.Plaintext).toHaveLength(32);
    const re = await t.call('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: 'alias/aws/ebs' });
    const ebs = await t.call('DescribeKey', { KeyId: 'alias/aws/ebs' });
    expect(re.KeyId).toBe(ebs.KeyMetadata.Arn);
  });

  it('an alias/aws/ name that is not predefined stays NotFoundException, and Decrypt does not create keys', async () => {
    const t = createTestEngine();
    await expectKms(t.call('DescribeKey', { KeyId: 'alias/aws/nosuchservice' }), 'NotFoundException', /is not found/);
    await expectKms(t.call('Encrypt', { KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/s3`, Plaintext: text('x') }), 'NotFoundException');
    expect(t.state.keys.size).toBe(0);
  });

  it('ListAliases lists the predefined aliases, without TargetKeyId until the key exists', async () => {
    const t = createTestEngine();
    const before = await t.call('ListAliases', {});
    const names = before.Aliases.map((a) => a.AliasName);
    expect(names).toEqual(PREDEFINED_ALIASES.map((p) => p.aliasName));
    expect(before.Aliases.find((a) => a.AliasName === 'alias/aws/s3')).toEqual({
      AliasName: 'alias/aws/s3', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`,
    });
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/s3' });
    const after = await t.call('ListAliases', {});
    expect(after.Aliases.find((a) => a.AliasName === 'alias/aws/s3')).toMatchObject({ TargetKeyId: md.KeyId });
    expect(after.Aliases).toHaveLength(PREDEFINED_ALIASES.length);
    const mine = await t.call('ListAliases', { KeyId: md.KeyId });
    expect(mine.Aliases.map((a) => a.AliasName)).toEqual(['alias/aws/s3']);
    const custom = await newKey(t);
    expect((await t.call('ListAliases', { KeyId: custom.KeyId })).Aliases).toEqual([]);
  });

  it('rotates every year, always on; GetKeyRotationStatus and GetKeyPolicy-style policy reflect it', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/ebs' });
    const status = await t.call('GetKeyRotationStatus', { KeyId: md.KeyId });
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect(status.NextRotationDate).toEqual(new Date(t.clock.now().getTime() + 365 * DAY_MS));
    const policy = JSON.parse(t.state.keys.get(md.KeyId)!.policy) as { Statement: { Condition?: unknown; Action: string[] }[] };
    expect(policy.Statement[0]!.Condition).toEqual({ StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } });
    expect(policy.Statement[1]!.Action).toEqual(['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant']);
  });

  it('survives the vault body round trip as KeyManager AWS; older bodies read as CUSTOMER', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/s3' });
    const custom = await newKey(t);
    const back = deserialiseState(serialiseState(t.state));
    expect(back.keys.get(md.KeyId)?.keyManager).toBe('AWS');
    expect(back.keys.get(custom.KeyId)?.keyManager).toBeUndefined();
    const doc = JSON.parse(new TextDecoder().decode(serialiseState(t.state))) as { keys: Record<string, unknown>[] };
    for (const k of doc.keys) delete k['keyManager'];
    const old = deserialiseState(new TextEncoder().encode(JSON.stringify(doc)));
    expect(old.keys.get(md.KeyId)?.keyManager).toBeUndefined();
  });
});

describe('changes a customer may not make to an AWS managed key', () => {
  it.each([
    ['DisableKey', {}],
    ['EnableKey', {}],
    ['ScheduleKeyDeletion', { PendingWindowInDays: 7 }],
    ['CancelKeyDeletion', {}],
    ['EnableKeyRotation', {}],
    ['DisableKeyRotation', {}],
    ['RotateKeyOnDemand', {}],
    ['UpdateKeyDescription', { Description: 'mine' }],
    ['TagResource', { Tags: [{ TagKey: 'k', TagValue: 'v' }] }],
    ['UntagResource', { TagKeys: ['k'] }],
  ] as const)('%s is AccessDeniedException in the key policy words', async (op, extra) => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/s3' });
    await expectKms(t.call(op, { KeyId: md.KeyId, ...extra }), 'AccessDeniedException', denied(op, md.KeyId));
    await expectKms(t.call(op, { KeyId: md.Arn, ...extra }), 'AccessDeniedException', denied(op, md.KeyId));
    expect(t.state.keys.get(md.KeyId)).toMatchObject({ state: 'Enabled', description: md.Description, tags: [] });
  });

  it('aliases: alias/aws/ names are NotAuthorizedException with no message; a customer alias cannot target the key', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/s3' });
    const custom = await newKey(t);
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: custom.KeyId }), 'NotAuthorizedException', /^$/);
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: custom.KeyId }), 'NotAuthorizedException', /^$/);
    await expectKms(t.call('UpdateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: custom.KeyId }), 'NotAuthorizedException', /^$/);
    await expectKms(t.call('DeleteAlias', { AliasName: 'alias/aws/s3' }), 'NotAuthorizedException', /^$/);
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/mine', TargetKeyId: md.KeyId }), 'AccessDeniedException', denied('CreateAlias', md.KeyId));
    await t.call('CreateAlias', { AliasName: 'alias/mine', TargetKeyId: custom.KeyId });
    await expectKms(t.call('UpdateAlias', { AliasName: 'alias/mine', TargetKeyId: md.KeyId }), 'AccessDeniedException', denied('UpdateAlias', md.KeyId));
    expect(t.state.aliases.get('alias/aws/s3')?.targetKeyId).toBe(md.KeyId);
  });

  it('reads stay allowed (Describe*, Get*, List*), and unknown keys are still NotFoundException', async () => {
    const t = createTestEngine();
    const { KeyMetadata: md } = await t.call('DescribeKey', { KeyId: 'alias/aws/s3' });
    await expect(t.call('ListResourceTags', { KeyId: md.KeyId })).resolves.toMatchObject({ Tags: [] });
    await expect(t.call('ListKeyRotations', { KeyId: md.KeyId })).resolves.toMatchObject({ Rotations: [] });
    await expect(t.call('ListKeys', {})).resolves.toMatchObject({ Keys: [{ KeyId: md.KeyId }] });
    await expectKms(t.call('DisableKey', { KeyId: '00000000-0000-4000-8000-000000000000' }), 'NotFoundException');
  });
});
