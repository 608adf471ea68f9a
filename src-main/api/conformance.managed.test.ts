/**
 * Wire conformance for AWS managed keys and predefined aliases
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key): raw
 * requests signed as the AWS SDKs sign them, with AWS's status, __type and message; then the
 * AWS SDK for JavaScript v3 falling back to alias/aws/s3 as code does when no key is configured.
 *
 * Sources of the expected answers:
 * - AccessDeniedException text: the key policy refusal AWS returns
 *   (github.com/aws-ia/terraform-aws-eks-blueprints/issues/485: "... is not authorized to perform:
 *   kms:DisableKey on resource: <key ARN> because no resource-based policy allows the
 *   kms:DisableKey action"); the AWS managed key policy allows the account only Describe*, Get*,
 *   List* (github.com/FogSecurity/aws-managed-kms-keys), and you cannot edit any property of an
 *   AWS managed key (https://docs.aws.amazon.com/kms/latest/developerguide/editing-keys.html).
 * - alias/aws/ names are reserved (https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html):
 *   NotAuthorizedException without a message (moto/kms/exceptions.py records `{"__type":"NotAuthorizedException"}`).
 * - ListAliases lists predefined aliases without TargetKeyId
 *   (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html).
 */
import { callKms } from '../testing/signed-request.js';
import { DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

interface Answer {
  status: number;
  body: { __type?: string; message?: string } & Record<string, unknown>;
}

/** POST one KMS operation signed like the AWS SDKs. */
function call(r: Running, op: string, payload: unknown): Promise<Answer> {
  return callKms(r, op, payload);
}

let r: Running;
let account: string;
let s3Key: { KeyId: string; Arn: string };
let customer: string;

beforeAll(async () => {
  r = await startRunning();
  const described = await call(r, 'DescribeKey', { KeyId: 'alias/aws/s3' });
  const md = described.body['KeyMetadata'] as { KeyId: string; Arn: string; AWSAccountId: string };
  s3Key = md;
  account = md.AWSAccountId;
  customer = (await r.ok('kms:CreateKey', {})).KeyMetadata.KeyId;
});
afterAll(async () => {
  await r?.close();
});

const denied = (op: string) => () =>
  `User: arn:aws:iam::${account}:root is not authorized to perform: kms:${op} on resource: ${s3Key.Arn} because no resource-based policy allows the kms:${op} action`;

/** One row: the operation, its request (built once the keys exist), AWS's status, __type and message. */
interface Row {
  name: string;
  op: string;
  request: () => Record<string, unknown>;
  status: number;
  type: string;
  message: () => string;
}

const keyRow = (op: string, extra: Record<string, unknown> = {}): Row => ({
  name: `${op} on the AWS managed key`,
  op,
  request: () => ({ KeyId: s3Key.KeyId, ...extra }),
  status: 400,
  type: 'AccessDeniedException',
  message: denied(op),
});

const ROWS: Row[] = [
  keyRow('DisableKey'),
  keyRow('EnableKey'),
  keyRow('ScheduleKeyDeletion', { PendingWindowInDays: 7 }),
  keyRow('CancelKeyDeletion'),
  keyRow('EnableKeyRotation'),
  keyRow('DisableKeyRotation'),
  keyRow('RotateKeyOnDemand'),
  keyRow('UpdateKeyDescription', { Description: 'mine now' }),
  keyRow('TagResource', { Tags: [{ TagKey: 'team', TagValue: 'pay' }] }),
  keyRow('UntagResource', { TagKeys: ['team'] }),
  { ...keyRow('DisableKey'), name: 'DisableKey by key ARN', request: () => ({ KeyId: s3Key.Arn }) },
  {
    name: 'CreateAlias pointing a customer alias at the AWS managed key',
    op: 'CreateAlias',
    request: () => ({ AliasName: 'alias/borrowed', TargetKeyId: s3Key.KeyId }),
    status: 400,
    type: 'AccessDeniedException',
    message: denied('CreateAlias'),
  },
  {
    name: 'CreateAlias with a reserved alias/aws/ name',
    op: 'CreateAlias',
    request: () => ({ AliasName: 'alias/aws/mine', TargetKeyId: customer }),
    status: 400,
    type: 'NotAuthorizedException',
    message: () => '',
  },
  {
    name: 'UpdateAlias of a predefined alias',
    op: 'UpdateAlias',
    request: () => ({ AliasName: 'alias/aws/s3', TargetKeyId: customer }),
    status: 400,
    type: 'NotAuthorizedException',
    message: () => '',
  },
  {
    name: 'DeleteAlias of a predefined alias',
    op: 'DeleteAlias',
    request: () => ({ AliasName: 'alias/aws/s3' }),
    status: 400,
    type: 'NotAuthorizedException',
    message: () => '',
  },
  {
    name: 'DescribeKey of an alias/aws/ name AWS does not predefine',
    op: 'DescribeKey',
    request: () => ({ KeyId: 'alias/aws/nosuchservice' }),
    status: 400,
    type: 'NotFoundException',
    message: () => `Alias arn:aws:kms:${r.region}:${account}:alias/aws/nosuchservice is not found.`,
  },
];

describe('AWS managed keys on the wire', () => {
  it('DescribeKey alias/aws/s3 created the key: KeyManager AWS, symmetric, enabled', async () => {
    const a = await call(r, 'DescribeKey', { KeyId: `arn:aws:kms:${r.region}:${account}:alias/aws/s3` });
    expect(a.status).toBe(200);
    expect(a.body['KeyMetadata']).toMatchObject({ KeyId: s3Key.KeyId, KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', Enabled: true });
    const rotation = await call(r, 'GetKeyRotationStatus', { KeyId: s3Key.KeyId });
    expect(rotation.body).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const a = await call(r, row.op, row.request());
    expect({ status: a.status, type: a.body.__type, message: a.body.message ?? '' }).toEqual({ status: row.status, type: row.type, message: row.message() });
  });

  it('ListAliases lists the predefined aliases; those without a key have no TargetKeyId', async () => {
    const a = await call(r, 'ListAliases', { Limit: 100 });
    const aliases = a.body['Aliases'] as Record<string, unknown>[];
    expect(aliases.find((x) => x['AliasName'] === 'alias/aws/ssm')).toEqual({ AliasName: 'alias/aws/ssm', AliasArn: `arn:aws:kms:${r.region}:${account}:alias/aws/ssm` });
    expect(aliases.find((x) => x['AliasName'] === 'alias/aws/s3')).toMatchObject({ TargetKeyId: s3Key.KeyId });
  });
});

describe('code that falls back to the default key runs unchanged (AWS SDK for JavaScript v3)', () => {
  it('encrypts with alias/aws/s3, decrypts without a KeyId; DescribeKey says AWS; DisableKey is refused', async () => {
    const kms = new KMSClient({
      endpoint: r.url,
      region: r.region,
      credentials: { accessKeyId: r.key.AccessKeyId, secretAccessKey: r.key.SecretAccessKey },
      maxAttempts: 1,
    });
    try {
      const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/aws/secretsmanager', Plaintext: new TextEncoder().encode('db password') }));
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
      expect(new TextDecoder().decode(dec.Plaintext)).toBe('db password');
      const s3 = await kms.send(new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: new TextEncoder().encode('object') }));
      expect(s3.KeyId).toBe(s3Key.Arn);
      const md = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
      expect(md.KeyMetadata).toMatchObject({ KeyManager: 'AWS', Arn: enc.KeyId });
      const aliases = await kms.send(new ListAliasesCommand({ KeyId: md.KeyMetadata?.KeyId }));
      expect(aliases.Aliases?.map((x) => x.AliasName)).toEqual(['alias/aws/secretsmanager']);
      const refused = await kms.send(new DisableKeyCommand({ KeyId: md.KeyMetadata?.KeyId })).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        name: 'AccessDeniedException',
        message: `User: arn:aws:iam::${account}:root is not authorized to perform: kms:DisableKey on resource: ${enc.KeyId ?? ''} because no resource-based policy allows the kms:DisableKey action`,
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      kms.destroy();
    }
  });
});
