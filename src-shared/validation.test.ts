/**
 * Model-validation messages, byte for byte as AWS KMS writes them. Expected texts come from
 * recorded AWS answers: LocalStack's tests/aws/services/kms/test_kms.snapshot.json (recorded
 * against AWS), boto/boto3#3428, Skyscanner/kms-issuer#8; constraints and `sensitive` flags
 * from botocore's botocore/data/kms/2014-11-01/service-2.json.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { awsEnumOrder, KMS_OPERATIONS, KmsJsonSchemas, KmsSchemas, type KmsOperation } from './kms/schemas.js';
import { formatValue, memberPath, parseRequest, type PayloadEncoding } from './validation.js';
import { bytesToBase64 } from './wire.js';

const b64 = (n: number): string => bytesToBase64(new Uint8Array(n).fill(7));

/** The ValidationException message parseRequest throws (or 'OK'). */
function messageOf(op: KmsOperation, payload: unknown, encoding: PayloadEncoding = 'json'): string {
  try {
    parseRequest(KmsSchemas[op], payload, encoding);
    return 'OK';
  } catch (e) {
    expect((e as Error).name).toBe('ValidationException'); // parseRequest throws KeywardErrors only
    return (e as Error).message;
  }
}

const one = (part: string): string => `1 validation error detected: ${part}`;

describe('model validation: the examples, as AWS answers them', () => {
  const cases: [string, KmsOperation, unknown, string][] = [
    ['GenerateDataKey KeySpec AES-256 (enum, DataKeySpec)', 'GenerateDataKey', { KeyId: 'k', KeySpec: 'AES-256' },
      one("Value 'AES-256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]")],
    ['GenerateDataKeyWithoutPlaintext KeySpec AES-256', 'GenerateDataKeyWithoutPlaintext', { KeyId: 'k', KeySpec: 'AES-256' },
      one("Value 'AES-256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]")],
    ['GenerateRandom NumberOfBytes 0 (snapshot)', 'GenerateRandom', { NumberOfBytes: 0 },
      one("Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1")],
    ['GenerateRandom NumberOfBytes 1025 (snapshot)', 'GenerateRandom', { NumberOfBytes: 1025 },
      one("Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")],
    ['GenerateRandom {} (snapshot)', 'GenerateRandom', {}, 'NumberOfBytes is required.'],
    ['CreateKey tag key of 129 characters (snapshot)', 'CreateKey', { Tags: [{ TagKey: 'a'.repeat(129), TagValue: 'v' }] },
      one(`Value '${'a'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`)],
    ['CreateKey tag value of 257 characters (snapshot)', 'CreateKey', { Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] },
      one(`Value '${'v'.repeat(257)}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`)],
    ['TagResource, second tag (1-based)', 'TagResource', { KeyId: 'k', Tags: [{ TagKey: 'a', TagValue: '' }, { TagKey: '', TagValue: '' }] },
      one("Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1")],
    ['Encrypt plaintext of 4097 bytes: sensitive, no value (snapshot)', 'Encrypt', { KeyId: 'k', Plaintext: b64(4097) },
      one("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096")],
    ['GenerateMac MacAlgorithm INVALID (snapshot)', 'GenerateMac', { KeyId: 'k', Message: 'aGk=', MacAlgorithm: 'INVALID' },
      one("Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]")],
    ['VerifyMac MacAlgorithm INVALID (snapshot)', 'VerifyMac', { KeyId: 'k', Message: 'aGk=', Mac: 'aGk=', MacAlgorithm: 'INVALID' },
      one("Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]")],
    ['DeriveSharedSecret KeyAgreementAlgorithm INVALID (snapshot)', 'DeriveSharedSecret', { KeyId: 'k', PublicKey: 'aGk=', KeyAgreementAlgorithm: 'INVALID' },
      one("Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]")],
    ['ScheduleKeyDeletion 5 days: the service rule (Skyscanner/kms-issuer#8)', 'ScheduleKeyDeletion', { KeyId: 'k', PendingWindowInDays: 5 },
      'PendingWindowInDays must be between 7 and 30'],
    ['ScheduleKeyDeletion 0 days: the model range 1-365 first', 'ScheduleKeyDeletion', { KeyId: 'k', PendingWindowInDays: 0 },
      one("Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1")],
    ['ScheduleKeyDeletion 366 days', 'ScheduleKeyDeletion', { KeyId: 'k', PendingWindowInDays: 366 },
      one("Value '366' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365")],
    ['Decrypt empty blob: a non-sensitive blob prints as a Java ByteBuffer', 'Decrypt', { CiphertextBlob: '' },
      one("Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1")],
    ['Verify signature of 6145 bytes', 'Verify', { KeyId: 'k', Message: 'aGk=', Signature: b64(6145), SigningAlgorithm: 'ECDSA_SHA_256' },
      one("Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'signature' failed to satisfy constraint: Member must have length less than or equal to 6144")],
    ['UntagResource, an empty second key', 'UntagResource', { KeyId: 'k', TagKeys: ['a', ''] },
      one("Value '' at 'tagKeys.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1")],
    ['DescribeKey with 11 grant tokens: a list prints as Java writes it', 'DescribeKey', { KeyId: 'k', GrantTokens: Array<string>(11).fill('t') },
      one("Value '[t, t, t, t, t, t, t, t, t, t, t]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10")],
    ['DescribeKey KeyId of 2049 characters', 'DescribeKey', { KeyId: 'x'.repeat(2049) },
      one(`Value '${'x'.repeat(2049)}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`)],
    ['DeleteAlias: the model pattern', 'DeleteAlias', { AliasName: 'alias/a b' },
      one("Value 'alias/a b' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$")],
    ['CreateKey Policy with a control character: the model pattern', 'CreateKey', { Policy: '{}\u0001' },
      one("Value '{}\u0001' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+")],
    ['ListKeys Limit 0 and an empty Marker: two errors', 'ListKeys', { Limit: 0, Marker: '' },
      "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; "
      + "Value '' at 'marker' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    ['EnableKeyRotation RotationPeriodInDays 89', 'EnableKeyRotation', { KeyId: 'k', RotationPeriodInDays: 89 },
      one("Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90")],
    ['CreateKey CustomerMasterKeySpec has the deprecated enum (no Ed25519)', 'CreateKey', { CustomerMasterKeySpec: 'ECC_NIST_EDWARDS25519' },
      one("Value 'ECC_NIST_EDWARDS25519' at 'customerMasterKeySpec' failed to satisfy constraint: Member must satisfy enum value set: "
        + '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512, SM2]')],
    ['Encrypt without KeyId and Plaintext: required members', 'Encrypt', {},
      "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
      + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null"],
    ['GenerateMac {}: several errors in the model\'s member order (Message, KeyId, MacAlgorithm)', 'GenerateMac', {},
      "3 validation errors detected: Value null at 'message' failed to satisfy constraint: Member must not be null; "
      + "Value null at 'keyId' failed to satisfy constraint: Member must not be null; "
      + "Value null at 'macAlgorithm' failed to satisfy constraint: Member must not be null"],
  ];
  it.each(cases)('%s', (_title, op, payload, expected) => {
    expect(messageOf(op, payload)).toBe(expected);
  });

  it('recorded enum orders lead: CreateKey keySpec and keyUsage (snapshot), newer values after them', () => {
    expect(messageOf('CreateKey', { KeySpec: 'HMAC_random' })).toContain(
      "Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512, ");
    expect(messageOf('CreateKey', { KeyUsage: 'RANDOM' })).toContain(
      "Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, ");
    expect(awsEnumOrder(['A', 'B'])).toEqual(['A', 'B']);
    expect(awsEnumOrder(['AES_128', 'AES_256'])).toEqual(['AES_256', 'AES_128']);
  });

  it('Limit: the model range 1-1000 everywhere; ListAliases serves at most the documented 100', () => {
    expect(messageOf('ListAliases', { Limit: 1001 })).toBe(one("Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"));
    expect(parseRequest(KmsSchemas.ListAliases, { Limit: 500 }, 'json')).toEqual({ Limit: 100 });
    expect(parseRequest(KmsSchemas.ListResourceTags, { KeyId: 'k', Limit: 500 }, 'json')).toEqual({ KeyId: 'k', Limit: 50 });
  });

  it('the same text over structured clone (IPC) as over JSON', () => {
    expect(messageOf('Decrypt', { CiphertextBlob: new Uint8Array(0) }, 'structured')).toBe(messageOf('Decrypt', { CiphertextBlob: '' }));
    expect(messageOf('Encrypt', { KeyId: 'k', Plaintext: new Uint8Array(4097) }, 'structured')).toBe(messageOf('Encrypt', { KeyId: 'k', Plaintext: b64(4097) }));
  });
});

describe('sensitive members never echo the value (botocore: PlaintextType is "sensitive")', () => {
  const secret = 'c2VjcmV0'.repeat(700); // base64 of "secret" x 700: 4200 bytes
  const cases: [KmsOperation, Record<string, unknown>, string][] = [
    ['Encrypt', { KeyId: 'k', Plaintext: secret }, 'plaintext'],
    ['Sign', { KeyId: 'k', Message: secret, SigningAlgorithm: 'ECDSA_SHA_256' }, 'message'],
    ['Verify', { KeyId: 'k', Message: secret, Signature: 'aGk=', SigningAlgorithm: 'ECDSA_SHA_256' }, 'message'],
    ['GenerateMac', { KeyId: 'k', Message: secret, MacAlgorithm: 'HMAC_SHA_256' }, 'message'],
    ['VerifyMac', { KeyId: 'k', Message: secret, Mac: 'aGk=', MacAlgorithm: 'HMAC_SHA_256' }, 'message'],
  ];
  it.each(cases)('%s', (op, payload, member) => {
    const m = messageOf(op, payload);
    expect(m).toBe(one(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 4096`));
    expect(m).not.toContain('HeapByteBuffer');
    expect(messageOf(op, { ...payload, [member[0]!.toUpperCase() + member.slice(1)]: '' })).toBe(
      one(`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`));
  });
});

/** Required members per operation, from botocore's model ("required" of each request shape); Decrypt/ReEncrypt: see schemas.ts. */
const REQUIRED: Partial<Record<KmsOperation, string[]>> = {
  DescribeKey: ['keyId'], UpdateKeyDescription: ['keyId', 'description'], EnableKey: ['keyId'], DisableKey: ['keyId'],
  ScheduleKeyDeletion: ['keyId'], CancelKeyDeletion: ['keyId'], Encrypt: ['keyId', 'plaintext'], GenerateDataKey: ['keyId'],
  GenerateDataKeyWithoutPlaintext: ['keyId'], CreateAlias: ['aliasName', 'targetKeyId'], UpdateAlias: ['aliasName', 'targetKeyId'],
  DeleteAlias: ['aliasName'], TagResource: ['keyId', 'tags'], UntagResource: ['keyId', 'tagKeys'], ListResourceTags: ['keyId'],
  EnableKeyRotation: ['keyId'], DisableKeyRotation: ['keyId'], GetKeyRotationStatus: ['keyId'], RotateKeyOnDemand: ['keyId'],
  Sign: ['keyId', 'message', 'signingAlgorithm'], Verify: ['keyId', 'message', 'signature', 'signingAlgorithm'], GetPublicKey: ['keyId'],
  GenerateMac: ['keyId', 'message', 'macAlgorithm'], VerifyMac: ['keyId', 'message', 'macAlgorithm', 'mac'],
  DeriveSharedSecret: ['keyId', 'keyAgreementAlgorithm', 'publicKey'], GenerateDataKeyPair: ['keyId', 'keyPairSpec'],
  GenerateDataKeyPairWithoutPlaintext: ['keyId', 'keyPairSpec'], ListKeyRotations: ['keyId'],
  CreateKey: [], ListKeys: [], ListAliases: [],
};

describe('every operation', () => {
  it('an empty request names each missing required member: Value null ... Member must not be null', () => {
    for (const [op, members] of Object.entries(REQUIRED) as [KmsOperation, string[]][]) {
      const m = messageOf(op, {});
      if (members.length === 0) {
        expect(m, op).toBe('OK');
        continue;
      }
      const n = members.length;
      expect(m, op).toMatch(new RegExp(`^${n} validation errors? detected: `));
      for (const member of members) expect(m, `${op} ${member}`).toContain(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    }
  });

  it('every enum member answers an unknown value with its full value set, each value once', () => {
    for (const op of KMS_OPERATIONS) {
      const shape: Record<string, z.ZodType> = KmsJsonSchemas[op].shape;
      for (const [name, field] of Object.entries(shape)) {
        const inner = field instanceof z.ZodOptional ? field.unwrap() : field;
        if (!(inner instanceof z.ZodEnum)) continue;
        const values = inner.options.map(String);
        const m = messageOf(op, { [name]: 'NOPE' });
        const at = `Value 'NOPE' at '${memberPath([name])}' failed to satisfy constraint: Member must satisfy enum value set: [`;
        expect(m, `${op}.${name}`).toContain(at);
        const listed = m.slice(m.indexOf(at) + at.length).split(']')[0]!.split(', ');
        expect([...listed].sort(), `${op}.${name}`).toEqual([...values].sort());
      }
    }
  });
});

describe('a sensitive member is hidden whatever is wrong with it', () => {
  it('a wrongly typed Plaintext or Message is not echoed either', () => {
    expect(messageOf('Encrypt', { KeyId: 'k', Plaintext: 424242 })).not.toContain('424242');
    expect(messageOf('Sign', { KeyId: 'k', Message: ['secret'], SigningAlgorithm: 'ECDSA_SHA_256' })).not.toContain('secret');
  });
});

describe('Keyward\'s own channels never echo a value (it may be a passphrase)', () => {
  it('a schema not declared a KMS request schema names the member, not the value', () => {
    const schema = z.object({ Passphrase: z.string().min(8, 'Member must have length greater than or equal to 8') });
    expect(() => parseRequest(schema, { Passphrase: 'tiny' })).toThrow(
      one("Value at 'passphrase' failed to satisfy constraint: Member must have length greater than or equal to 8"));
  });
});

describe('helpers', () => {
  it('memberPath: lowerCamelCase names, 1-based list members', () => {
    expect(memberPath(['Tags', 0, 'TagKey'])).toBe('tags.1.member.tagKey');
    expect(memberPath(['TagKeys', 4])).toBe('tagKeys.5.member');
    expect(memberPath(['NumberOfBytes'])).toBe('numberOfBytes');
  });

  it('formatValue: Java-style texts', () => {
    expect(formatValue(undefined)).toBeNull();
    expect(formatValue(0)).toBe('0');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(new Uint8Array(3))).toBe('java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]');
    expect(formatValue(['a', 'b'])).toBe('[a, b]');
  });
});
