/**
 * Wire-format conformance: AWS's JSON protocol layer answers every malformed request (a body
 * that is not a JSON object, a value of the wrong JSON type, a blob that is not base64) with
 * HTTP 400 `SerializationException` before any member validation (AWS KMS API Reference,
 * "Common Errors"). Each row is a raw request signed as the AWS SDK signs, with AWS's answer;
 * the texts are those recorded against AWS JSON-protocol services (see src-shared/wire-shape.ts:
 * mhart/dynalite's helpers against DynamoDB, recordings against Athena). AWS writes this
 * exception's text as `Message`, and no text at all for a body that is not JSON.
 */
import { callKms } from '../testing/signed-request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS_OPERATIONS, KmsSchemas } from '../../src-shared/kms/schemas.js';
import { jsonFormOf } from '../../src-shared/wire.js';
import { wireShapeOf, type WireShape } from '../../src-shared/wire-shape.js';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

let r: Running;
beforeAll(async () => {
  r = await startRunning();
});
afterAll(async () => {
  await r.close();
});

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** POST a raw body to the endpoint, signed as the AWS SDK for JavaScript signs. */
function call(op: string, body: string): Promise<Reply> {
  return callKms(r, op, body);
}

interface Row {
  op: string;
  body: string;
  /** AWS's `Message`; null: the answer carries no message at all. */
  message?: string | null;
  /** Not a serialization fault: the answer's type (or 200). */
  then?: 'ValidationException' | 200;
}

const rows: Row[] = [
  // The examples.
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"not base64!"}', message: 'Base64 encoded length is expected a multiple of 4 bytes but found: 11' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":{"a":1}}', message: 'Start of structure or map found where not expected.' },
  // Blobs (dynalite's recorded cases).
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"23456"}', message: 'Base64 encoded length is expected a multiple of 4 bytes but found: 5' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"=+/="}', message: "Invalid Base64 character: '='" },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"+/+="}', message: 'Invalid last non-pad Base64 character dectected' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk h"}', message: 'Base64 encoded length is expected a multiple of 4 bytes but found: 5' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk*"}', message: "Invalid Base64 character: '*'" },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":[1]}', message: 'Start of list found where not expected' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":5}', message: 'NUMBER_VALUE can not be converted to a Blob' },
  { op: 'Decrypt', body: '{"CiphertextBlob":true}', message: 'TRUE_VALUE can not be converted to a Blob' },
  { op: 'Verify', body: '{"KeyId":"k","Message":"aGk=","Signature":false,"SigningAlgorithm":"ECDSA_SHA_256"}', message: 'FALSE_VALUE can not be converted to a Blob' },
  // Strings, integers, booleans (Athena's recorded texts).
  { op: 'DescribeKey', body: '{"KeyId":123}', message: 'NUMBER_VALUE can not be converted to a String' },
  { op: 'DescribeKey', body: '{"KeyId":true}', message: 'TRUE_VALUE can not be converted to a String' },
  { op: 'DescribeKey', body: '{"KeyId":["k"]}', message: 'Start of list found where not expected' },
  { op: 'GenerateRandom', body: '{"NumberOfBytes":"32"}', message: 'STRING_VALUE can not be converted to an Integer' },
  { op: 'GenerateRandom', body: '{"NumberOfBytes":true}', message: 'TRUE_VALUE can not be converted to an Integer' },
  { op: 'GenerateRandom', body: '{"NumberOfBytes":{}}', message: 'Start of structure or map found where not expected.' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk=","DryRun":"yes"}', message: 'STRING_VALUE can not be converted to a Boolean' },
  // Lists, maps, structures (dynalite's recorded texts), at depth.
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk=","EncryptionContext":"x"}', message: 'Expected map or null' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk=","EncryptionContext":[]}', message: 'Start of list found where not expected' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk=","EncryptionContext":{"a":1}}', message: 'NUMBER_VALUE can not be converted to a String' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk=","GrantTokens":"t"}', message: 'Expected list or null' },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":"aGk=","GrantTokens":[1]}', message: 'NUMBER_VALUE can not be converted to a String' },
  { op: 'CreateKey', body: '{"Tags":["x"]}', message: 'Expected null' },
  { op: 'CreateKey', body: '{"Tags":[{"TagKey":1,"TagValue":"v"}]}', message: 'NUMBER_VALUE can not be converted to a String' },
  { op: 'CreateKey', body: '{"Tags":[[]]}', message: 'Start of list found where not expected' },
  // The body itself (recorded: no message at all, except for a JSON array).
  { op: 'ListKeys', body: '{', message: null },
  { op: 'ListKeys', body: '', message: null },
  { op: 'ListKeys', body: 'null', message: null },
  { op: 'ListKeys', body: '"x"', message: null },
  { op: 'ListKeys', body: '{"Limit":1,}', message: null },
  { op: 'ListKeys', body: '[]', message: 'Start of list found where not expected' },
  // Before member validation: a wrong type wins over a missing or invalid member.
  { op: 'Encrypt', body: '{"Plaintext":{}}', message: 'Start of structure or map found where not expected.' },
  { op: 'Encrypt', body: '{"KeyId":"","Plaintext":5}', message: 'NUMBER_VALUE can not be converted to a Blob' },
  // Not serialization faults: null is an absent member, unknown members are ignored,
  // a fraction for an integer is truncated; empty base64 is member validation.
  { op: 'ListKeys', body: '{"Limit":null}', then: 200 },
  { op: 'ListKeys', body: '{"Bogus":{"x":[1,true]}}', then: 200 },
  { op: 'GenerateRandom', body: '{"NumberOfBytes":16.7}', then: 200 },
  { op: 'Encrypt', body: '{"KeyId":"alias/x","Plaintext":""}', then: 'ValidationException' },
];

describe('SerializationException conformance: raw requests, AWS answers', () => {
  it.each(rows)('$op $body', async (row) => {
    const reply = await call(row.op, row.body);
    if (row.then === 200) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      if (row.op === 'GenerateRandom') expect(Buffer.from(String(reply.body['Plaintext']), 'base64')).toHaveLength(16);
      return;
    }
    expect(reply.status).toBe(400);
    if (row.then) {
      expect(reply.body['__type']).toBe(row.then);
      return;
    }
    const expected = row.message === null ? { __type: 'SerializationException' } : { __type: 'SerializationException', Message: row.message };
    expect(reply.body).toEqual(expected);
  });
});

/** A JSON value of the wrong type for every kind of member. */
function wrongFor(shape: WireShape): unknown {
  switch (shape.kind) {
    case 'string':
      return 7;
    case 'integer':
    case 'boolean':
      return 'x';
    case 'blob':
      return { b: 1 };
    default:
      return 8;
  }
}

describe('every operation, every member: a value of the wrong JSON type is SerializationException', () => {
  it('over the wire, for each member of each operation', async () => {
    let checked = 0;
    for (const op of KMS_OPERATIONS) {
      const shape = wireShapeOf(jsonFormOf(KmsSchemas[op]));
      if (shape.kind !== 'structure') throw new Error(`${op}: not a structure`);
      for (const [member, memberShape] of Object.entries(shape.members)) {
        expect(memberShape.kind, `${op}.${member}`).not.toBe('any');
        const reply = await call(op, JSON.stringify({ [member]: wrongFor(memberShape) }));
        expect(reply.status, `${op}.${member}`).toBe(400);
        expect(reply.body['__type'], `${op}.${member}: ${JSON.stringify(reply.body)}`).toBe('SerializationException');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
