/**
 * Control-plane answers, byte for byte where AWS's text is known. Sources: the AWS KMS API
 * Reference and Developer Guide pages cited in the modules under test, and recorded AWS answers
 * (localstack tests/aws/services/kms/test_kms.snapshot.json; bug reports linked per case).
 */
import { describe, expect, it } from 'vitest';
import { expectKms, newKey, text } from './_test-kit.js';
import { createTestEngine } from './test-harness.js';

/** A regex matching exactly `s`. */
const exactly = (s: string): RegExp => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
const ARN = 'arn:aws:kms:us-east-1:111122223333:key/';

describe('key identifiers (NotFoundException sentences)', () => {
  it('names the id of a wrong shape, the missing key by ARN, the other Region, the alias a key-only operation refuses', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: md.KeyId });
    for (const id of ['fake-key-id', '134f2428cec14b25a1ae9048164dba47', 'mrk-fake-key-id']) {
      await expectKms(t.call('DescribeKey', { KeyId: id }), 'NotFoundException', exactly(`Invalid keyId '${id}'`));
    }
    const mrk = 'mrk-d3b95762d3b95762d3b95762d3b95762';
    await expectKms(t.call('DescribeKey', { KeyId: mrk }), 'NotFoundException', exactly(`Key '${ARN}${mrk}' does not exist`));
    const missing = '00000000-0000-4000-8000-000000000000';
    await expectKms(t.call('DescribeKey', { KeyId: missing }), 'NotFoundException', exactly(`Key '${ARN}${missing}' does not exist`));
    await expectKms(t.call('DescribeKey', { KeyId: `${ARN}${missing}` }), 'NotFoundException', exactly(`Key '${ARN}${missing}' does not exist`));
    await expectKms(t.call('DescribeKey', { KeyId: md.Arn.replace('us-east-1', 'ap-southeast-1') }), 'NotFoundException', exactly('Invalid arn ap-southeast-1'));
    await expectKms(t.call('DisableKey', { KeyId: 'alias/app' }), 'NotFoundException', exactly(`Invalid keyId 'alias/app'`));
    await expectKms(t.call('RotateKeyOnDemand', { KeyId: missing }), 'NotFoundException', exactly(`Key '${ARN}${missing}' does not exist`));
  });
});

describe('key state sentences (key-state table)', () => {
  it('disabled, pending deletion, not pending deletion', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('DisableKey', { KeyId: md.KeyId });
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x') }), 'DisabledException', exactly(`${md.Arn} is disabled.`));
    await expectKms(t.call('CancelKeyDeletion', { KeyId: md.KeyId }), 'KMSInvalidStateException', exactly(`${md.Arn} is not pending deletion.`));
    await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId });
    for (const op of ['EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'EnableKeyRotation', 'DisableKeyRotation', 'RotateKeyOnDemand'] as const) {
      await expectKms(t.call(op, { KeyId: md.KeyId }), 'KMSInvalidStateException', exactly(`${md.Arn} is pending deletion.`));
    }
    await expectKms(t.call('UpdateKeyDescription', { KeyId: md.KeyId, Description: 'd' }), 'KMSInvalidStateException', exactly(`${md.Arn} is pending deletion.`));
    await expectKms(t.call('TagResource', { KeyId: md.KeyId, Tags: [] }), 'KMSInvalidStateException', exactly(`${md.Arn} is pending deletion.`));
  });
});

describe('rotation: precedence, quota, state-dependent status', () => {
  it('RotateKeyOnDemand on a disabled RSA key is DisabledException (state before key spec); enabled, UnsupportedOperationException with no message', async () => {
    const t = createTestEngine();
    const rsa = await newKey(t, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await expectKms(t.call('RotateKeyOnDemand', { KeyId: rsa.KeyId }), 'UnsupportedOperationException', /^$/);
    await expectKms(t.call('EnableKeyRotation', { KeyId: rsa.KeyId }), 'UnsupportedOperationException', /^$/);
    await t.call('DisableKey', { KeyId: rsa.KeyId });
    await expectKms(t.call('RotateKeyOnDemand', { KeyId: rsa.KeyId }), 'DisabledException', exactly(`${rsa.Arn} is disabled.`));
    await expectKms(t.call('EnableKeyRotation', { KeyId: rsa.KeyId }), 'DisabledException', exactly(`${rsa.Arn} is disabled.`));
    expect(await t.call('GetKeyRotationStatus', { KeyId: rsa.KeyId })).toEqual({ KeyId: rsa.Arn, KeyRotationEnabled: false });
  });

  it('allows 10 on-demand rotations per key; the 11th is LimitExceededException in AWS words', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    for (let i = 0; i < 10; i++) await t.call('RotateKeyOnDemand', { KeyId: md.KeyId });
    await expectKms(
      t.call('RotateKeyOnDemand', { KeyId: md.KeyId }),
      'LimitExceededException',
      exactly(`The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${md.Arn}`),
    );
  });

  it('GetKeyRotationStatus reads false while pending deletion and the original setting after CancelKeyDeletion', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await t.call('EnableKeyRotation', { KeyId: md.KeyId, RotationPeriodInDays: 180 });
    const before = await t.call('GetKeyRotationStatus', { KeyId: md.KeyId });
    await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 7 });
    expect(await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).toEqual({ KeyId: md.Arn, KeyRotationEnabled: false });
    await t.call('CancelKeyDeletion', { KeyId: md.KeyId });
    expect(await t.call('GetKeyRotationStatus', { KeyId: md.KeyId })).toEqual(before);
    expect(before).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
  });
});

describe('CreateKey request rules', () => {
  it('refuses KeySpec with CustomerMasterKeySpec, even equal, and specs the deprecated enum lacks', async () => {
    const t = createTestEngine();
    const both = exactly('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
    await expectKms(t.call('CreateKey', { KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'RSA_2048' }), 'ValidationException', both);
    await expectKms(t.call('CreateKey', { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException', both);
    await expectKms(
      t.call('CreateKey', { CustomerMasterKeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }),
      'ValidationException',
      /^1 validation error detected: Value 'ECC_NIST_EDWARDS25519' at 'customerMasterKeySpec' failed to satisfy constraint: Member must satisfy enum value set: \[RSA_2048, .*, SM2\]$/,
    );
    expect(t.state.keys.size).toBe(0);
    expect((await newKey(t, { CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })).KeySpec).toBe('RSA_2048');
  });

  it('names the missing or incompatible KeyUsage as AWS does', async () => {
    const t = createTestEngine();
    await expectKms(t.call('CreateKey', { KeySpec: 'HMAC_256' }), 'ValidationException', exactly('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'));
    await expectKms(t.call('CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' }), 'ValidationException', exactly('KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048'));
  });

  it('validates the key policy text: JSON document, 32 KB, allowed characters', async () => {
    const t = createTestEngine();
    await expectKms(t.call('CreateKey', { Policy: 'not json' }), 'MalformedPolicyDocumentException', /^$/);
    await expectKms(t.call('CreateKey', { Policy: '{}' }), 'MalformedPolicyDocumentException', /^$/);
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] });
    await expectKms(t.call('CreateKey', { Policy: noPrincipal }), 'MalformedPolicyDocumentException', exactly('Policy contains a statement with one or more invalid principals.'));
    await expectKms(t.call('CreateKey', { Policy: 'ŀ{}' }), 'ValidationException', /^1 validation error detected: Value 'ŀ\{\}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' } });
    const atQuota = policy + ' '.repeat(32_768 - policy.length);
    await expectKms(t.call('CreateKey', { Policy: `${atQuota} ` }), 'LimitExceededException');
    expect(t.state.keys.size).toBe(0);
    const md = await newKey(t, { Policy: atQuota });
    expect(t.state.keys.get(md.KeyId)?.policy).toBe(atQuota);
  });
});

describe('alias names', () => {
  it('checks the prefix first, then the reserved prefix, then the characters AWS allows', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const prefix = exactly('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    await expectKms(t.call('CreateAlias', { AliasName: 'app', TargetKeyId: 'not-a-key' }), 'ValidationException', prefix);
    await expectKms(t.call('UpdateAlias', { AliasName: 'app', TargetKeyId: md.KeyId }), 'ValidationException', prefix);
    await expectKms(t.call('DeleteAlias', { AliasName: 'app' }), 'ValidationException', prefix);
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: md.KeyId }), 'NotAuthorizedException', /^$/);
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/Service:Test', TargetKeyId: md.KeyId }), 'ValidationException', exactly('alias/Service:Test contains invalid characters for an alias'));
    await t.call('CreateAlias', { AliasName: 'alias/Service/Test_1-a', TargetKeyId: md.KeyId });
  });

  it('allows 50 aliases per key; UpdateAlias keeps the key usage', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    for (let i = 0; i < 50; i++) await t.call('CreateAlias', { AliasName: `alias/a${i}`, TargetKeyId: md.KeyId });
    await expectKms(t.call('CreateAlias', { AliasName: 'alias/a50', TargetKeyId: md.KeyId }), 'LimitExceededException');
    const mac = await newKey(t, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKms(t.call('UpdateAlias', { AliasName: 'alias/a0', TargetKeyId: mac.KeyId }), 'ValidationException', /^Alias alias\/a0 cannot be changed from a CMK with key usage ENCRYPT_DECRYPT to a CMK with key usage GENERATE_VERIFY_MAC\./);
  });
});

describe('tags: AWS sentences and the 50-tag quota', () => {
  it('duplicate keys, the aws: prefix in any case, more than 50 tags on create or by merging', async () => {
    const t = createTestEngine();
    const dup = [{ TagKey: 'k', TagValue: '1' }, { TagKey: 'k', TagValue: '2' }];
    await expectKms(t.call('CreateKey', { Tags: dup }), 'TagException', exactly('Duplicate tag keys'));
    await expectKms(t.call('CreateKey', { Tags: [{ TagKey: 'AWS:key1', TagValue: 'v' }] }), 'TagException', exactly('Tags beginning with aws: are reserved'));
    const fifty = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    await expectKms(t.call('CreateKey', { Tags: [...fifty, { TagKey: 'x', TagValue: 'v' }] }), 'TagException', exactly('Too many tags'));
    const md = await newKey(t, { Tags: fifty });
    await t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'k0', TagValue: 'changed' }] });
    await expectKms(t.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'x', TagValue: 'v' }] }), 'TagException', exactly('Too many tags'));
  });
});

describe('KeyMetadata members present exactly when AWS sends them', () => {
  it('CustomerMasterKeySpec only for specs of the deprecated enum; CurrentKeyMaterialId only for symmetric keys', async () => {
    const t = createTestEngine();
    for (const KeySpec of ['ECC_NIST_EDWARDS25519', 'ML_DSA_65'] as const) {
      const md = await newKey(t, { KeySpec, KeyUsage: 'SIGN_VERIFY' });
      expect(md).not.toHaveProperty('CustomerMasterKeySpec');
      expect((await t.call('DescribeKey', { KeyId: md.KeyId })).KeyMetadata).not.toHaveProperty('CustomerMasterKeySpec');
    }
    const mac = await newKey(t, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(mac).toMatchObject({ CustomerMasterKeySpec: 'HMAC_256', MacAlgorithms: ['HMAC_SHA_256'] });
    expect(mac).not.toHaveProperty('CurrentKeyMaterialId');
    expect(mac).not.toHaveProperty('EncryptionAlgorithms');
  });
});
