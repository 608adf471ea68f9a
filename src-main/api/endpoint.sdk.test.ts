/**
 * Conformance with @aws-sdk/client-kms v3, a client no one here wrote: every operation
 * through the SDK against the endpoint on 127.0.0.1, success and error paths, the names
 * the SDK raises, pagination, the KeyId forms and the encryption context.
 */
import * as kms from '@aws-sdk/client-kms';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand,
  EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand,
  KMSClient, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand, ReEncryptCommand, ScheduleKeyDeletionCommand,
  CancelKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand, DeleteAliasCommand,
  UpdateKeyDescriptionCommand, EnableKeyRotationCommand, GetKeyRotationStatusCommand, DisableKeyRotationCommand,
  RotateKeyOnDemandCommand, ListKeyRotationsCommand, paginateListKeys, paginateListAliases,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS_OPERATIONS } from '../../src-shared/kms/schemas.js';
import { auditRecords, startRunning, type Running } from '../testing/endpoint-kit.js';

let r: Running;
let client: KMSClient;

function clientFor(run: Running, opts: { accessKeyId?: string; secretAccessKey?: string; region?: string } = {}): KMSClient {
  return new KMSClient({
    endpoint: run.url,
    region: opts.region ?? run.region,
    credentials: {
      accessKeyId: opts.accessKeyId ?? run.key.AccessKeyId,
      secretAccessKey: opts.secretAccessKey ?? run.key.SecretAccessKey,
    },
    maxAttempts: 1,
  });
}

/** The error the SDK raised, as { name, status, instance of the SDK's own class }. */
async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string; error: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } }; // SDK errors carry these
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message, error: e };
  }
  throw new Error('expected the call to fail');
}

const text = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  r = await startRunning();
  client = clientFor(r);
});
afterAll(async () => {
  client.destroy();
  await r.close();
});

describe('KMS endpoint with @aws-sdk/client-kms', () => {
  it('CreateKey and DescribeKey by key id, key ARN, alias name and alias ARN; dates come back as Dates', async () => {
    const { KeyMetadata } = await client.send(new CreateKeyCommand({ Description: 'sdk', Tags: [{ TagKey: 'team', TagValue: 'a' }] }));
    expect(KeyMetadata?.KeySpec).toBe('SYMMETRIC_DEFAULT');
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(KeyMetadata!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    const keyId = KeyMetadata!.KeyId!;
    await client.send(new CreateAliasCommand({ AliasName: 'alias/sdk-forms', TargetKeyId: keyId }));
    const aliasArn = KeyMetadata!.Arn!.replace(/key\/.*$/, 'alias/sdk-forms');
    for (const form of [keyId, KeyMetadata!.Arn!, 'alias/sdk-forms', aliasArn]) {
      const d = await client.send(new DescribeKeyCommand({ KeyId: form }));
      expect(d.KeyMetadata?.KeyId).toBe(keyId);
    }
  });

  it('Encrypt and Decrypt round trip with an encryption context; a different context fails with InvalidCiphertextException', async () => {
    const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
    const context = { purpose: 'test', tenant: 't1' };
    const enc = await client.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: text('secret data'), EncryptionContext: context }));
    expect(enc.CiphertextBlob).toBeInstanceOf(Uint8Array);
    expect(enc.KeyId).toBe(KeyMetadata!.Arn);
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const dec = await client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }));
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('secret data');
    expect(dec.KeyId).toBe(KeyMetadata!.Arn);
    const bad = await failure(client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'other' } })));
    expect(bad.name).toBe('InvalidCiphertextException');
    expect(bad.error).toBeInstanceOf(kms.InvalidCiphertextException);
    expect(bad.status).toBe(400);
  });

  it('ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and GenerateRandom', async () => {
    const a = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    const b = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    const enc = await client.send(new EncryptCommand({ KeyId: a.KeyId!, Plaintext: text('move me') }));
    const re = await client.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: b.KeyId! }));
    expect(re.SourceKeyId).toBe(a.Arn);
    expect(re.KeyId).toBe(b.Arn);
    const dec = await client.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }));
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('move me');

    const dk = await client.send(new GenerateDataKeyCommand({ KeyId: a.KeyId!, KeySpec: 'AES_256', EncryptionContext: { k: 'v' } }));
    expect(dk.Plaintext?.length).toBe(32);
    const back = await client.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { k: 'v' } }));
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);
    const dkw = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: a.KeyId!, NumberOfBytes: 16 }));
    expect(dkw.CiphertextBlob?.length).toBeGreaterThan(16);
    expect('Plaintext' in dkw).toBe(false);
    const rnd = await client.send(new GenerateRandomCommand({ NumberOfBytes: 64 }));
    expect(rnd.Plaintext?.length).toBe(64);
  });

  it('lifecycle: UpdateKeyDescription, Disable/EnableKey, ScheduleKeyDeletion (Date out) and CancelKeyDeletion', async () => {
    const k = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    await client.send(new UpdateKeyDescriptionCommand({ KeyId: k.KeyId!, Description: 'renamed' }));
    expect((await client.send(new DescribeKeyCommand({ KeyId: k.KeyId! }))).KeyMetadata?.Description).toBe('renamed');
    await client.send(new DisableKeyCommand({ KeyId: k.KeyId! }));
    const disabled = await failure(client.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: text('x') })));
    expect(disabled.name).toBe('DisabledException');
    expect(disabled.error).toBeInstanceOf(kms.DisabledException);
    await client.send(new EnableKeyCommand({ KeyId: k.KeyId! }));
    const del = await client.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId!, PendingWindowInDays: 7 }));
    expect(del.DeletionDate).toBeInstanceOf(Date);
    expect(del.DeletionDate!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(del.KeyState).toBe('PendingDeletion');
    const pending = await failure(client.send(new EncryptCommand({ KeyId: k.KeyId!, Plaintext: text('x') })));
    expect(pending.name).toBe('KMSInvalidStateException');
    expect(pending.error).toBeInstanceOf(kms.KMSInvalidStateException);
    const cancelled = await client.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId! }));
    expect(cancelled.KeyId).toBe(k.Arn);
  });

  it('aliases and tags: create, update, list with pagination, delete; tag, list, untag', async () => {
    const k1 = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    const k2 = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    for (let i = 0; i < 5; i++) await client.send(new CreateAliasCommand({ AliasName: `alias/page-${i}`, TargetKeyId: k1.KeyId! }));
    await client.send(new UpdateAliasCommand({ AliasName: 'alias/page-0', TargetKeyId: k2.KeyId! }));
    const dup = await failure(client.send(new CreateAliasCommand({ AliasName: 'alias/page-1', TargetKeyId: k2.KeyId! })));
    expect(dup.error).toBeInstanceOf(kms.AlreadyExistsException);
    const names: string[] = [];
    for await (const page of paginateListAliases({ client, pageSize: 2 }, { KeyId: k1.KeyId! })) {
      expect(page.Aliases!.length).toBeLessThanOrEqual(2);
      names.push(...page.Aliases!.map((a) => a.AliasName!));
    }
    expect(names.sort()).toEqual(['alias/page-1', 'alias/page-2', 'alias/page-3', 'alias/page-4']);
    const all = await client.send(new ListAliasesCommand({ KeyId: k2.KeyId! }));
    expect(all.Aliases?.map((a) => a.AliasName)).toEqual(['alias/page-0']);
    expect(all.Aliases?.[0]?.CreationDate).toBeInstanceOf(Date);
    await client.send(new DeleteAliasCommand({ AliasName: 'alias/page-0' }));

    await client.send(new TagResourceCommand({ KeyId: k1.KeyId!, Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] }));
    await client.send(new UntagResourceCommand({ KeyId: k1.KeyId!, TagKeys: ['a'] }));
    const tags = await client.send(new ListResourceTagsCommand({ KeyId: k1.KeyId! }));
    expect(tags.Tags).toEqual([{ TagKey: 'b', TagValue: '2' }]);
    expect(tags.Truncated).toBe(false);
  });

  it('ListKeys pages with Limit and NextMarker; a bad marker is InvalidMarkerException', async () => {
    for (let i = 0; i < 3; i++) await client.send(new CreateKeyCommand({}));
    const total = (await client.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.length;
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListKeys({ client, pageSize: 2 }, {})) {
      pages += 1;
      seen.push(...page.Keys!.map((k) => k.KeyId!));
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 2));
    const first = await client.send(new ListKeysCommand({ Limit: 1 }));
    expect(first.Truncated).toBe(true);
    expect(typeof first.NextMarker).toBe('string');
    const bad = await failure(client.send(new ListKeysCommand({ Marker: 'not-a-marker' })));
    expect(bad.error).toBeInstanceOf(kms.InvalidMarkerException);
  });

  it('rotation: Enable/Disable/GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations', async () => {
    const k = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    await client.send(new EnableKeyRotationCommand({ KeyId: k.KeyId!, RotationPeriodInDays: 90 }));
    const st = await client.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId! }));
    expect(st.KeyRotationEnabled).toBe(true);
    expect(st.RotationPeriodInDays).toBe(90);
    expect(st.NextRotationDate).toBeInstanceOf(Date);
    await client.send(new RotateKeyOnDemandCommand({ KeyId: k.KeyId! }));
    const rotations = await client.send(new ListKeyRotationsCommand({ KeyId: k.KeyId! }));
    expect(rotations.Rotations?.length).toBe(1);
    expect(rotations.Rotations?.[0]?.RotationType).toBe('ON_DEMAND');
    await client.send(new DisableKeyRotationCommand({ KeyId: k.KeyId! }));
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId! }))).KeyRotationEnabled).toBe(false);
  });

  it('errors carry the names the SDK models: NotFound, Validation (with KMS wording), and status codes 400', async () => {
    const nf = await failure(client.send(new DescribeKeyCommand({ KeyId: '00000000-0000-4000-8000-000000000000' })));
    expect(nf.name).toBe('NotFoundException');
    expect(nf.error).toBeInstanceOf(kms.NotFoundException);
    expect(nf.status).toBe(400);
    const alias = await failure(client.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })));
    expect(alias.error).toBeInstanceOf(kms.NotFoundException);
    const v = await failure(client.send(new GenerateRandomCommand({ NumberOfBytes: 2000 })));
    expect(v.name).toBe('ValidationException');
    expect(v.message).toMatch(/numberOfBytes/);
  });

  it('every operation in KmsSchemas is routed: the SDK gets an answer or a KMS-named error, never UnknownOperation', async () => {
    const commands = kms as unknown as Record<string, new (input: object) => Parameters<KMSClient['send']>[0]>; // the SDK exports `${Op}Command` classes
    const missing: string[] = [];
    for (const op of KMS_OPERATIONS) {
      const Command = commands[`${op}Command`];
      if (!Command) {
        missing.push(op);
        continue;
      }
      try {
        await client.send(new Command({}));
      } catch (e) {
        const err = e as { name: string; $metadata?: { httpStatusCode?: number } }; // SDK error shape
        expect.soft(err.name, op).not.toBe('UnknownOperationException');
        expect.soft(err.$metadata?.httpStatusCode, `${op}: ${err.name}`).toBeDefined();
      }
    }
    expect(missing).toEqual([]);
  });

  it('the audit log records each API call with the access key id, source address, user agent and the x-amzn-RequestId', async () => {
    const created = await client.send(new CreateKeyCommand({ Description: 'audited' }));
    const failed = await failure(client.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })));
    const records = await auditRecords(r.dir);
    const ok = records.find((x) => x.requestID === created.$metadata.requestId);
    expect(ok).toMatchObject({
      eventName: 'CreateKey',
      eventSource: 'kms.amazonaws.com',
      sourceIPAddress: '127.0.0.1',
      userIdentity: { accessKeyId: r.key.AccessKeyId, principalId: 'keyward-api' },
    });
    expect(ok?.userAgent).toMatch(/aws-sdk-js/);
    const bad = records.find((x) => x.requestID === (failed.error as { $metadata: { requestId: string } }).$metadata.requestId); // SDK error metadata
    expect(bad).toMatchObject({ eventName: 'DescribeKey', errorCode: 'NotFoundException', userIdentity: { accessKeyId: r.key.AccessKeyId } });
  });

  it('a locked vault: KMSInvalidStateException that says to unlock, and nothing is served', async () => {
    const k = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    await r.ok('vault:lock', {});
    try {
      const locked = await failure(client.send(new DescribeKeyCommand({ KeyId: k.KeyId! })));
      expect(locked.error).toBeInstanceOf(kms.KMSInvalidStateException);
      expect(locked.status).toBe(400);
      expect(locked.message).toMatch(/locked.*Unlock/);
      const st = await r.ok('api:status', {});
      expect(st.Listening).toBe(true);
    } finally {
      await r.ok('vault:unlock', { Passphrase: 'correct horse battery staple' });
    }
    expect((await client.send(new DescribeKeyCommand({ KeyId: k.KeyId! }))).KeyMetadata?.KeyId).toBe(k.KeyId);
  });
});
