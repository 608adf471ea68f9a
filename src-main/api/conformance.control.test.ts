/**
 * Wire conformance of the control-plane rules: each row is a raw AWS JSON 1.1 request, signed
 * as the AWS SDK signs it (smithy's SigV4 signer), with AWS's expected status, `__type` and
 * message. Expected texts come from the AWS KMS API Reference and Developer Guide and from
 * recorded AWS answers (localstack tests/aws/services/kms/test_kms.snapshot.json,
 * hashicorp/terraform-provider-aws#12891, aws/aws-sdk-ruby#1784); src-main/kms cites each.
 */
import { callKms } from '../testing/signed-request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** POST one operation, signed like an AWS SDK. */
function call(r: Running, op: string, payload: unknown): Promise<Reply> {
  return callKms(r, op, payload);
}

async function ok(r: Running, op: string, payload: unknown): Promise<Record<string, unknown>> {
  const a = await call(r, op, payload);
  if (a.status !== 200) throw new Error(`${op}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body;
}

/** The keys the rows name, by role. */
interface Fixture {
  account: string;
  region: string;
  sym: { id: string; arn: string };
  disabled: { id: string; arn: string };
  rsaDisabled: { id: string; arn: string };
  rsa: { id: string; arn: string };
  pending: { id: string; arn: string };
  exhausted: { id: string; arn: string };
  ed25519: { id: string; arn: string };
}

interface Row {
  name: string;
  op: string;
  body: (f: Fixture) => unknown;
  status: number;
  type?: string;
  /** The exact message ('' for AWS's empty message), or a pattern where AWS's text is not known. */
  message?: (f: Fixture) => string | RegExp;
  /** For a 200: members the response must not carry, and members it must carry. */
  absent?: string[];
  expect?: (f: Fixture) => Record<string, unknown>;
}

const missing = '00000000-0000-4000-8000-000000000000';
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] });
const keyArnOf = (f: Fixture, id: string) => `arn:aws:kms:${f.region}:${f.account}:key/${id}`;

const ROWS: Row[] = [
  { name: 'id of a wrong shape', op: 'DescribeKey', body: () => ({ KeyId: 'fake-key-id' }), status: 400, type: 'NotFoundException', message: () => "Invalid keyId 'fake-key-id'" },
  { name: 'well-formed id no key has', op: 'DescribeKey', body: () => ({ KeyId: missing }), status: 400, type: 'NotFoundException', message: (f) => `Key '${keyArnOf(f, missing)}' does not exist` },
  { name: 'key ARN of another Region', op: 'DescribeKey', body: (f) => ({ KeyId: f.sym.arn.replace(`:${f.region}:`, ':eu-west-3:') }), status: 400, type: 'NotFoundException', message: () => 'Invalid arn eu-west-3' },
  { name: 'alias where only a key id is taken', op: 'DisableKey', body: () => ({ KeyId: 'alias/app' }), status: 400, type: 'NotFoundException', message: () => "Invalid keyId 'alias/app'" },
  { name: 'alias no key has', op: 'DescribeKey', body: () => ({ KeyId: 'alias/nope' }), status: 400, type: 'NotFoundException', message: (f) => `Alias arn:aws:kms:${f.region}:${f.account}:alias/nope is not found.` },
  { name: 'disabled key', op: 'Encrypt', body: (f) => ({ KeyId: f.disabled.id, Plaintext: 'aGk=' }), status: 400, type: 'DisabledException', message: (f) => `${f.disabled.arn} is disabled.` },
  { name: 'on-demand rotation of a disabled RSA key: state before spec', op: 'RotateKeyOnDemand', body: (f) => ({ KeyId: f.rsaDisabled.id }), status: 400, type: 'DisabledException', message: (f) => `${f.rsaDisabled.arn} is disabled.` },
  { name: 'on-demand rotation of an RSA key', op: 'RotateKeyOnDemand', body: (f) => ({ KeyId: f.rsa.id }), status: 400, type: 'UnsupportedOperationException', message: () => '' },
  { name: 'automatic rotation of an RSA key', op: 'EnableKeyRotation', body: (f) => ({ KeyId: f.rsa.id }), status: 400, type: 'UnsupportedOperationException', message: () => '' },
  { name: 'the 11th on-demand rotation', op: 'RotateKeyOnDemand', body: (f) => ({ KeyId: f.exhausted.id }), status: 400, type: 'LimitExceededException', message: (f) => `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${f.exhausted.arn}` },
  { name: 'rotation status while pending deletion', op: 'GetKeyRotationStatus', body: (f) => ({ KeyId: f.pending.id }), status: 200, absent: ['RotationPeriodInDays', 'NextRotationDate'], expect: (f) => ({ KeyId: f.pending.arn, KeyRotationEnabled: false }) },
  { name: 'EnableKey while pending deletion', op: 'EnableKey', body: (f) => ({ KeyId: f.pending.id }), status: 400, type: 'KMSInvalidStateException', message: (f) => `${f.pending.arn} is pending deletion.` },
  { name: 'CancelKeyDeletion of a key not pending deletion', op: 'CancelKeyDeletion', body: (f) => ({ KeyId: f.sym.id }), status: 400, type: 'KMSInvalidStateException', message: (f) => `${f.sym.arn} is not pending deletion.` },
  { name: 'alias name without alias/', op: 'CreateAlias', body: (f) => ({ AliasName: 'app2', TargetKeyId: f.sym.id }), status: 400, type: 'ValidationException', message: () => 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' },
  { name: 'alias name with a colon', op: 'CreateAlias', body: (f) => ({ AliasName: 'alias/Service:Test', TargetKeyId: f.sym.id }), status: 400, type: 'ValidationException', message: () => 'alias/Service:Test contains invalid characters for an alias' },
  { name: 'reserved alias prefix', op: 'CreateAlias', body: (f) => ({ AliasName: 'alias/aws/mine', TargetKeyId: f.sym.id }), status: 400, type: 'NotAuthorizedException', message: () => '' },
  { name: 'KeySpec with CustomerMasterKeySpec', op: 'CreateKey', body: () => ({ KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' }), status: 400, type: 'ValidationException', message: () => 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.' },
  { name: 'HMAC key without KeyUsage', op: 'CreateKey', body: () => ({ KeySpec: 'HMAC_256' }), status: 400, type: 'ValidationException', message: () => 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.' },
  { name: 'policy that is not JSON', op: 'CreateKey', body: () => ({ Policy: 'not json' }), status: 400, type: 'MalformedPolicyDocumentException', message: () => '' },
  { name: 'policy over 32 KB', op: 'CreateKey', body: () => ({ Policy: policy + ' '.repeat(32_769 - policy.length) }), status: 400, type: 'LimitExceededException', message: () => /32768/ },
  { name: 'duplicate tag keys', op: 'CreateKey', body: () => ({ Tags: [{ TagKey: 'k', TagValue: '1' }, { TagKey: 'k', TagValue: '2' }] }), status: 400, type: 'TagException', message: () => 'Duplicate tag keys' },
  { name: 'reserved tag prefix', op: 'TagResource', body: (f) => ({ KeyId: f.sym.id, Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] }), status: 400, type: 'TagException', message: () => 'Tags beginning with aws: are reserved' },
  { name: 'more than 50 tags', op: 'CreateKey', body: () => ({ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' })) }), status: 400, type: 'TagException', message: () => 'Too many tags' },
  { name: 'DescribeKey of an Ed25519 key: no CustomerMasterKeySpec', op: 'DescribeKey', body: (f) => ({ KeyId: f.ed25519.id }), status: 200, expect: () => ({}), absent: ['CustomerMasterKeySpec', 'CurrentKeyMaterialId', 'PendingDeletionWindowInDays'] },
];

let r: Running;
let f: Fixture;

async function newKey(extra: Record<string, unknown> = {}): Promise<{ id: string; arn: string; account: string }> {
  const md = (await ok(r, 'CreateKey', extra)).KeyMetadata as { KeyId: string; Arn: string; AWSAccountId: string }; // CreateKey's response shape
  return { id: md.KeyId, arn: md.Arn, account: md.AWSAccountId };
}

beforeAll(async () => {
  r = await startRunning();
  const sym = await newKey();
  await ok(r, 'CreateAlias', { AliasName: 'alias/app', TargetKeyId: sym.id });
  const disabled = await newKey();
  await ok(r, 'DisableKey', { KeyId: disabled.id });
  const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
  const rsaDisabled = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  await ok(r, 'DisableKey', { KeyId: rsaDisabled.id });
  const pending = await newKey();
  await ok(r, 'EnableKeyRotation', { KeyId: pending.id });
  await ok(r, 'ScheduleKeyDeletion', { KeyId: pending.id, PendingWindowInDays: 7 });
  const exhausted = await newKey();
  for (let i = 0; i < 10; i++) await ok(r, 'RotateKeyOnDemand', { KeyId: exhausted.id });
  const ed25519 = await newKey({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
  f = { account: sym.account, region: r.region, sym, disabled, rsa, rsaDisabled, pending, exhausted, ed25519 };
}, 60_000);

afterAll(async () => {
  await r.close();
});

describe('control-plane wire conformance (SDK-signed raw requests)', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const a = await call(r, row.op, row.body(f));
    expect(a.status, JSON.stringify(a.body)).toBe(row.status);
    if (row.type !== undefined) expect(a.body.__type).toBe(row.type);
    if (row.message !== undefined) {
      const want = row.message(f);
      const got = typeof a.body.message === 'string' ? a.body.message : '';
      if (typeof want === 'string') expect(got).toBe(want);
      else expect(got).toMatch(want);
    }
    if (row.expect !== undefined) {
      const out = row.op === 'DescribeKey' ? (a.body.KeyMetadata as Record<string, unknown>) : a.body; // DescribeKey wraps KeyMetadata
      expect(out).toMatchObject(row.expect(f));
      for (const m of row.absent ?? []) expect(out).not.toHaveProperty(m);
    }
  });
});
