import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KMS_OPERATIONS, KmsJsonSchemas, KmsSchemas, type KmsOperation } from '../../src-shared/kms/schemas.js';
import { parseRequest } from '../../src-shared/validation.js';
import { decodeRequest, encodeResponse } from './codec.js';
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

/** Top-level fields whose JSON form decodes base64 text to bytes. */
function jsonBlobFields(op: KmsOperation): string[] {
  const shape: Record<string, z.ZodType> = KmsJsonSchemas[op].shape;
  return Object.entries(shape)
    .filter(([, field]) => {
      const r = z.safeDecode(field, 'AQID');
      return r.success && r.data instanceof Uint8Array;
    })
    .map(([name]) => name);
}

/**
 * The endpoint's request path before the JSON forms (kept here as the oracle): valid
 * canonical base64 at a known blob field became bytes, anything else was left for the
 * structured schema to refuse.
 */
function legacyParse(op: KmsOperation, raw: Record<string, unknown>): unknown {
  const copy: Record<string, unknown> = { ...raw };
  for (const name of KNOWN_BLOBS[op] ?? []) {
    const v = copy[name];
    if (typeof v === 'string' && v.length % 4 === 0 && Buffer.from(v, 'base64').toString('base64') === v) copy[name] = new Uint8Array(Buffer.from(v, 'base64'));
  }
  return parseRequest(KmsSchemas[op], copy);
}

function outcome(run: () => unknown): unknown {
  try {
    return { ok: run() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

describe('codec: blob fields are decoded by the operation\'s JSON schema', () => {
  it('every operation has exactly the blob fields KMS defines', () => {
    for (const op of KMS_OPERATIONS) {
      expect(jsonBlobFields(op).sort(), op).toEqual([...(KNOWN_BLOBS[op] ?? [])].sort());
    }
  });

  it('gives the same value or the same ValidationException as the former walk, for good and bad payloads', () => {
    const long = Buffer.alloc(4097, 7).toString('base64');
    const cases: [KmsOperation, Record<string, unknown>][] = [
      ['Encrypt', { KeyId: 'k', Plaintext: 'aGk=' }],
      ['Encrypt', { KeyId: 'k', Plaintext: 'not base64!' }],
      ['Encrypt', { KeyId: 'k', Plaintext: 'aGk' }],
      ['Encrypt', { KeyId: 'k', Plaintext: 'aGl=' }],
      ['Encrypt', { KeyId: 'k', Plaintext: '' }],
      ['Encrypt', { KeyId: 'k', Plaintext: long }],
      ['Encrypt', { KeyId: '', Plaintext: 'aGk=' }],
      ['Encrypt', { KeyId: 'k', Plaintext: 42 }],
      ['Encrypt', { KeyId: 'k', Plaintext: null, EncryptionContext: { a: 1 } }],
      ['Encrypt', { KeyId: 'k', Plaintext: 'aGk=', EncryptionContext: { $b64: 'AAAA' } }],
      ['Encrypt', { Plaintext: { $b64: 'aGk=' } }],
      ['Verify', { KeyId: 'k', Message: 'aGk=', Signature: '!!!!', SigningAlgorithm: 'ECDSA_SHA_256' }],
      ['Verify', { KeyId: 'k', Message: 'aGk=', Signature: 'AQID', SigningAlgorithm: 'NOPE' }],
      ['Decrypt', { CiphertextBlob: 'AQID', KeyId: 'x'.repeat(3000) }],
      ['ListKeys', { Limit: 0, Marker: '' }],
    ];
    for (const [op, raw] of cases) {
      expect(outcome(() => parseRequest(KmsSchemas[op], raw, 'json')), `${op} ${JSON.stringify(raw).slice(0, 80)}`).toEqual(outcome(() => legacyParse(op, raw)));
    }
  });

  it('round-trips each blob field through its codec (z.encode then z.decode)', () => {
    const request = { KeyId: 'k', Message: new Uint8Array([0, 1, 254, 255]), Signature: new Uint8Array([9]), SigningAlgorithm: 'ECDSA_SHA_256' as const };
    const wire = z.encode(KmsJsonSchemas.Verify, request);
    expect(wire).toMatchObject({ Message: 'AAH+/w==', Signature: 'CQ==' });
    expect(z.decode(KmsJsonSchemas.Verify, wire)).toEqual(request);
  });

  it('parses bodies as JSON objects only; anything else is SerializationException (AWS JSON 1.1)', () => {
    expect(decodeRequest('{"KeyId":"k","Plaintext":"aGk="}')).toEqual({ KeyId: 'k', Plaintext: 'aGk=' });
    // With the operation, each blob is decoded once, here, and handed on as bytes.
    expect(decodeRequest('{"KeyId":"k","Plaintext":"aGk="}', 'Encrypt')).toEqual({ KeyId: 'k', Plaintext: new Uint8Array([104, 105]) });
    // Non-canonical base64 that Buffer alone would take is refused with AWS's words.
    expect(() => decodeRequest('{"KeyId":"k","Plaintext":"aGk"}', 'Encrypt')).toThrow(/^Base64 encoded length is expected a multiple of 4 bytes but found: 3$/);
    expect(() => decodeRequest('{"KeyId":"k","Plaintext":"aG-="}', 'Encrypt')).toThrow(/^Invalid Base64 character: '-'$/);
    expect(() => decodeRequest('{"KeyId":"k","Plaintext":"aGl="}', 'Encrypt')).toThrow(/^Invalid last non-pad Base64 character dectected$/);
    expect(() => decodeRequest('[1]')).toThrow(/^Start of list found where not expected$/);
    for (const bad of ['', '{', 'null', '"x"', '1']) {
      expect(() => decodeRequest(bad), bad).toThrow(expect.objectContaining({ name: 'SerializationException', message: '' }));
    }
  });

  it('encodes Uint8Array as base64 and Date as epoch seconds, at any depth', () => {
    const out = JSON.parse(encodeResponse({ A: new Uint8Array([1, 2, 3]), B: new Date(1_700_000_000_500), C: [{ D: new Date(0) }], E: undefined })) as unknown;
    expect(out).toEqual({ A: 'AQID', B: 1_700_000_000.5, C: [{ D: 0 }] });
    // A Buffer (node:crypto's output type) has a toJSON of its own; it must still become base64.
    expect(JSON.parse(encodeResponse({ A: Buffer.from([1, 2, 3]) }))).toEqual({ A: 'AQID' });
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
