import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KMS_OPERATIONS } from '../../src-shared/kms/schemas.js';
import { binaryPaths, binaryPlanOf, decodeRequest, encodeResponse, requestPlan } from './codec.js';
import { NodeSha256 } from './node-sha256.js';
import { formatAmzDate, parseAmzDate, parseAuthorization } from './sigv4.js';

/** Blob fields KMS defines for operations Keyward may serve (botocore kms-2014-11-01 `blob` members). */
const KNOWN_BLOBS: Record<string, string[]> = {
  Encrypt: ['Plaintext'],
  Decrypt: ['CiphertextBlob'],
  ReEncrypt: ['CiphertextBlob'],
  Sign: ['Message'],
  Verify: ['Message', 'Signature'],
  GenerateMac: ['Message'],
  VerifyMac: ['Message', 'Mac'],
  DeriveSharedSecret: ['PublicKey'],
  Decapsulate: ['SharedSecretCiphertextBlob'],
  ImportKeyMaterial: ['ImportToken', 'EncryptedKeyMaterial'],
};

describe('codec: blob fields come from the zod schemas', () => {
  it('every operation in KmsSchemas has exactly the blob fields KMS defines (explicit table kept in sync)', () => {
    for (const op of KMS_OPERATIONS) {
      const found = binaryPaths(requestPlan(op)).filter((p) => !p.startsWith('Recipient'));
      expect(found.sort(), op).toEqual([...(KNOWN_BLOBS[op] ?? [])].sort());
    }
  });

  it('finds blobs however deep: optional, refined, arrays, records, nested objects', () => {
    const bytes = z.instanceof(Uint8Array).refine((b) => b.length > 0);
    const schema = z.object({
      A: bytes.optional(),
      B: z.array(bytes),
      C: z.record(z.string(), bytes),
      D: z.object({ E: bytes, F: z.string() }),
      G: z.string(),
    });
    expect(binaryPaths(binaryPlanOf(schema)).sort()).toEqual(['A', 'B[]', 'C{}', 'D.E']);
  });

  it('decodes base64 into Uint8Array; leaves invalid base64 for the schema to refuse (so it is audited)', () => {
    const p = decodeRequest('Encrypt', JSON.stringify({ KeyId: 'k', Plaintext: Buffer.from('hi').toString('base64') })) as { Plaintext: unknown };
    expect(p.Plaintext).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(p.Plaintext as Uint8Array).toString()).toBe('hi');
    const bad = decodeRequest('Encrypt', JSON.stringify({ KeyId: 'k', Plaintext: 'not base64!' })) as { Plaintext: unknown };
    expect(bad.Plaintext).toBe('not base64!');
    expect(decodeRequest('ListKeys', '')).toEqual({});
    expect(() => decodeRequest('ListKeys', '[1]')).toThrow(/JSON object/);
    expect(() => decodeRequest('ListKeys', '{')).toThrow(/not valid JSON/);
  });

  it('encodes Uint8Array as base64 and Date as epoch seconds, at any depth', () => {
    const out = JSON.parse(encodeResponse({ A: new Uint8Array([1, 2, 3]), B: new Date(1_700_000_000_500), C: [{ D: new Date(0) }], E: undefined })) as unknown;
    expect(out).toEqual({ A: 'AQID', B: 1_700_000_000.5, C: [{ D: 0 }] });
    // A Buffer (node:crypto's output type) has a toJSON of its own; it must still become base64.
    expect(JSON.parse(encodeResponse({ A: Buffer.from([1, 2, 3]) }))).toEqual({ A: 'AQID' });
  });
});

describe('node:crypto SHA-256 for the signer', () => {
  it('matches @aws-crypto/sha256-js for hashes and HMACs on random inputs', async () => {
    for (let i = 0; i < 50; i++) {
      const data = randomBytes(i * 37);
      const key = randomBytes(i % 70);
      const a = new NodeSha256();
      const b = new Sha256();
      a.update(data);
      b.update(data);
      expect(Buffer.from(await a.digest())).toEqual(Buffer.from(await b.digest()));
      const ha = new NodeSha256(key);
      const hb = new Sha256(key);
      ha.update(data);
      hb.update(data);
      expect(Buffer.from(await ha.digest())).toEqual(Buffer.from(await hb.digest()));
    }
  });
});

describe('SigV4 parsing', () => {
  it('parses X-Amz-Date strictly', () => {
    expect(parseAmzDate('20240229T235959Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
    for (const bad of ['20230229T000000Z', '20241301T000000Z', '20240101T250000Z', '2024-01-01T00:00:00Z', '']) expect(parseAmzDate(bad), bad).toBeUndefined();
    expect(formatAmzDate(new Date('2024-01-02T03:04:05.678Z'))).toBe('20240102T030405Z');
  });

  it('parses the Authorization header', () => {
    const a = parseAuthorization(`AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'a'.repeat(64)}`);
    expect(a).toMatchObject({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', scopeRegion: 'us-east-1', scopeService: 'kms', signedHeaders: ['host', 'x-amz-date', 'x-amz-target'] });
  });
});
