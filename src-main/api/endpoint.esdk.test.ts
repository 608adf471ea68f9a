/**
 * The AWS Encryption SDK for JavaScript (@aws-crypto/client-node v5): a KMS keyring whose
 * client points at the endpoint. The SDK calls GenerateDataKey on encrypt and Decrypt on
 * decrypt, with its own encryption context, through the v3 KMS client.
 */
import { randomBytes } from '../crypto/random.js';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, startRunning, type Running } from '../testing/endpoint-kit.js';

let r: Running;
let keyArn: string;
let keyring: KmsKeyringNode;
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

beforeAll(async () => {
  r = await startRunning();
  const created = await r.ok('kms:CreateKey', { Description: 'esdk' });
  keyArn = created.KeyMetadata.Arn;
  // The ESDK's declared KMS response types predate exactOptionalPropertyTypes (they mark
  // KeyId required where the SDK's output has it optional); the runtime class is the one it expects.
  const clientProvider = getClient(KMS as unknown as Parameters<typeof getClient>[0], {
    endpoint: r.url,
    credentials: { accessKeyId: r.key.AccessKeyId, secretAccessKey: r.key.SecretAccessKey },
    maxAttempts: 1,
  });
  keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider });
});
afterAll(async () => {
  await r.close();
});

describe('AWS Encryption SDK with a KMS keyring on the endpoint', () => {
  it('encrypts 1 MiB and decrypts it back, with the encryption context bound', async () => {
    const plaintext = randomBytes(1024 * 1024);
    const context = { stage: 'test', purpose: 'esdk' };
    const { result } = await encrypt(keyring, plaintext, { encryptionContext: context });
    expect(result.length).toBeGreaterThan(plaintext.length);
    const { plaintext: back, messageHeader } = await decrypt(keyring, result);
    expect(Buffer.from(back).equals(Buffer.from(plaintext))).toBe(true);
    expect(messageHeader.encryptionContext).toMatchObject(context);
    const names = (await auditRecords(r.dir)).map((x) => x.eventName);
    expect(names).toContain('GenerateDataKey');
    expect(names).toContain('Decrypt');
  });

  it('a changed byte in the message fails to decrypt', async () => {
    const plaintext = randomBytes(1024 * 1024);
    const { result } = await encrypt(keyring, plaintext);
    for (const at of [result.length - 100, Math.floor(result.length / 2)]) {
      const tampered = Buffer.from(result);
      tampered[at] = tampered[at]! ^ 0x01;
      await expect(decrypt(keyring, tampered)).rejects.toThrow();
    }
  });

  it('an edited data key (in the header) is refused by the endpoint: InvalidCiphertextException surfaces', async () => {
    const { result } = await encrypt(keyring, Buffer.from('short'));
    // The encrypted data key blob sits in the header; flip one of its bytes (KMS blobs begin after the provider info).
    const arnAt = Buffer.from(result).indexOf(Buffer.from(keyArn));
    expect(arnAt).toBeGreaterThan(0);
    const tampered = Buffer.from(result);
    // Byte 70 of the blob is in its IV (blob.ts): a changed vault or key id is AccessDeniedException instead, as on AWS.
    const blobAt = arnAt + keyArn.length + 2 + 70;
    tampered[blobAt] = tampered[blobAt]! ^ 0x01;
    await expect(decrypt(keyring, tampered)).rejects.toThrow();
    const last = (await auditRecords(r.dir)).filter((x) => x.eventName === 'Decrypt').at(-1);
    expect(last?.errorCode).toBe('InvalidCiphertextException');
  });
});
