/**
 * Wire conformance, model validation and empty messages: raw AWS JSON 1.1 requests signed as
 * the AWS SDKs sign them (smithy SignatureV4), each with AWS's status, `__type` and message.
 * Expected texts: recorded AWS answers (LocalStack tests/aws/services/kms/test_kms.snapshot.json,
 * recorded against AWS; boto/boto3#3428; Skyscanner/kms-issuer#8; aws/aws-sdk-java#1148) and
 * botocore's kms-2014-11-01 model for constraints and `sensitive` members.
 */
import { callKms } from '../testing/signed-request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

interface Row {
  title: string;
  op: string;
  /** The JSON body; `$SYM`, `$RSA` and `$HMAC` stand for key ARNs created before the table runs. */
  body: string;
  status: number;
  type: string;
  message: string;
}

const ONE = '1 validation error detected: ';
const b64 = (n: number): string => Buffer.alloc(n, 7).toString('base64');

const ROWS: Row[] = [
  { title: 'GenerateDataKey KeySpec AES-256', op: 'GenerateDataKey', body: '{"KeyId":"$SYM","KeySpec":"AES-256"}', status: 400, type: 'ValidationException',
    message: `${ONE}Value 'AES-256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]` },
  { title: 'GenerateRandom NumberOfBytes 0', op: 'GenerateRandom', body: '{"NumberOfBytes":0}', status: 400, type: 'ValidationException',
    message: `${ONE}Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1` },
  { title: 'GenerateRandom NumberOfBytes 1025', op: 'GenerateRandom', body: '{"NumberOfBytes":1025}', status: 400, type: 'ValidationException',
    message: `${ONE}Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024` },
  { title: 'GenerateRandom {}', op: 'GenerateRandom', body: '{}', status: 400, type: 'ValidationException', message: 'NumberOfBytes is required.' },
  { title: 'CreateKey tag key of 129 characters', op: 'CreateKey', body: `{"Tags":[{"TagKey":"${'a'.repeat(129)}","TagValue":"v"}]}`, status: 400, type: 'ValidationException',
    message: `${ONE}Value '${'a'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128` },
  { title: 'TagResource, second tag value of 257 characters', op: 'TagResource', body: `{"KeyId":"$SYM","Tags":[{"TagKey":"a","TagValue":""},{"TagKey":"b","TagValue":"${'v'.repeat(257)}"}]}`,
    status: 400, type: 'ValidationException',
    message: `${ONE}Value '${'v'.repeat(257)}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256` },
  { title: 'CreateKey KeyUsage RANDOM', op: 'CreateKey', body: '{"KeyUsage":"RANDOM"}', status: 400, type: 'ValidationException',
    message: `${ONE}Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT, ENCAPSULATE_DECAPSULATE]` },
  { title: 'Encrypt plaintext of 4097 bytes (sensitive: no value)', op: 'Encrypt', body: `{"KeyId":"$SYM","Plaintext":"${b64(4097)}"}`, status: 400, type: 'ValidationException',
    message: `${ONE}Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096` },
  { title: 'Sign message of 4097 bytes (sensitive: no value)', op: 'Sign', body: `{"KeyId":"$RSA","Message":"${b64(4097)}","SigningAlgorithm":"RSASSA_PSS_SHA_256"}`, status: 400, type: 'ValidationException',
    message: `${ONE}Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096` },
  { title: 'GenerateMac MacAlgorithm INVALID', op: 'GenerateMac', body: '{"KeyId":"$HMAC","Message":"aGk=","MacAlgorithm":"INVALID"}', status: 400, type: 'ValidationException',
    message: `${ONE}Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]` },
  { title: 'Decrypt empty CiphertextBlob (a blob prints as a Java ByteBuffer)', op: 'Decrypt', body: '{"CiphertextBlob":""}', status: 400, type: 'ValidationException',
    message: `${ONE}Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1` },
  { title: 'ScheduleKeyDeletion 5 days', op: 'ScheduleKeyDeletion', body: '{"KeyId":"$SYM","PendingWindowInDays":5}', status: 400, type: 'ValidationException',
    message: 'PendingWindowInDays must be between 7 and 30' },
  { title: 'Encrypt {}: two required members', op: 'Encrypt', body: '{}', status: 400, type: 'ValidationException',
    message: "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value null at 'plaintext' failed to satisfy constraint: Member must not be null" },
  { title: 'DescribeKey {}', op: 'DescribeKey', body: '{}', status: 400, type: 'ValidationException',
    message: `${ONE}Value null at 'keyId' failed to satisfy constraint: Member must not be null` },
  { title: 'CreateAlias with a space: the model pattern', op: 'CreateAlias', body: '{"AliasName":"alias/a b","TargetKeyId":"$SYM"}', status: 400, type: 'ValidationException',
    message: `${ONE}Value 'alias/a b' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$` },
  { title: 'ListKeys Limit 0 and Marker "": two errors', op: 'ListKeys', body: '{"Limit":0,"Marker":""}', status: 400, type: 'ValidationException',
    message: "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '' at 'marker' failed to satisfy constraint: Member must have length greater than or equal to 1" },
  { title: 'DescribeKey with 11 grant tokens: the list as Java prints it', op: 'DescribeKey', body: `{"KeyId":"$SYM","GrantTokens":[${Array<string>(11).fill('"t"').join(',')}]}`,
    status: 400, type: 'ValidationException',
    message: `${ONE}Value '[t, t, t, t, t, t, t, t, t, t, t]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10` },
  { title: 'UntagResource, an empty second tag key', op: 'UntagResource', body: '{"KeyId":"$SYM","TagKeys":["a",""]}', status: 400, type: 'ValidationException',
    message: `${ONE}Value '' at 'tagKeys.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1` },
  { title: 'Decrypt CiphertextBlob of 6145 bytes', op: 'Decrypt', body: `{"CiphertextBlob":"${b64(6145)}"}`, status: 400, type: 'ValidationException',
    message: `${ONE}Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144` },
  { title: 'EnableKeyRotation 89 days', op: 'EnableKeyRotation', body: '{"KeyId":"$SYM","RotationPeriodInDays":89}', status: 400, type: 'ValidationException',
    message: `${ONE}Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90` },
  { title: 'DeriveSharedSecret KeyAgreementAlgorithm INVALID', op: 'DeriveSharedSecret', body: '{"KeyId":"$SYM","PublicKey":"aGk=","KeyAgreementAlgorithm":"INVALID"}',
    status: 400, type: 'ValidationException',
    message: `${ONE}Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]` },
  { title: 'CreateKey CustomerMasterKeySpec ECC_NIST_EDWARDS25519: the deprecated enum', op: 'CreateKey', body: '{"CustomerMasterKeySpec":"ECC_NIST_EDWARDS25519"}',
    status: 400, type: 'ValidationException',
    message: `${ONE}Value 'ECC_NIST_EDWARDS25519' at 'customerMasterKeySpec' failed to satisfy constraint: Member must satisfy enum value set: `
      + '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512, SM2]' },
  { title: 'VerifyMac {}: four errors in model order', op: 'VerifyMac', body: '{}', status: 400, type: 'ValidationException',
    message: "4 validation errors detected: Value null at 'message' failed to satisfy constraint: Member must not be null; "
      + "Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value null at 'macAlgorithm' failed to satisfy constraint: Member must not be null; "
      + "Value null at 'mac' failed to satisfy constraint: Member must not be null" },
  { title: 'ListAliases Limit 1001: the model range', op: 'ListAliases', body: '{"Limit":1001}', status: 400, type: 'ValidationException',
    message: `${ONE}Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000` },
  { title: 'Decrypt a blob that is no ciphertext: empty message', op: 'Decrypt', body: `{"CiphertextBlob":"${b64(80)}"}`, status: 400, type: 'InvalidCiphertextException', message: '' },
  { title: 'Verify a wrong signature: empty message', op: 'Verify', body: `{"KeyId":"$RSA","Message":"aGk=","Signature":"${b64(256)}","SigningAlgorithm":"RSASSA_PSS_SHA_256"}`,
    status: 400, type: 'KMSInvalidSignatureException', message: '' },
  { title: 'VerifyMac a wrong MAC: empty message', op: 'VerifyMac', body: `{"KeyId":"$HMAC","Message":"aGk=","Mac":"${b64(32)}","MacAlgorithm":"HMAC_SHA_256"}`,
    status: 400, type: 'KMSInvalidMacException', message: '' },
];

/** Sign like an SDK, send raw, read the JSON answer. */
async function sendSigned(r: Running, op: string, body: string): Promise<{ status: number; json: { __type?: string; message?: string } }> {
  const reply = await callKms(r, op, body);
  return { status: reply.status, json: reply.body };
}

let r: Running;
const arns: Record<string, string> = {};
beforeAll(async () => {
  r = await startRunning();
  arns.$SYM = (await r.ok('kms:CreateKey', {})).KeyMetadata.Arn;
  arns.$RSA = (await r.ok('kms:CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata.Arn;
  arns.$HMAC = (await r.ok('kms:CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata.Arn;
}, 60_000);
afterAll(async () => {
  await r.close();
});

describe('conformance: model validation messages and empty messages, on the wire', () => {
  it.each(ROWS)('$title', async (row) => {
    const body = row.body.replace(/\$(SYM|RSA|HMAC)/g, (k) => arns[k]!); // created in beforeAll
    const a = await sendSigned(r, row.op, body);
    expect({ status: a.status, type: a.json.__type, message: a.json.message ?? '' }).toEqual({ status: row.status, type: row.type, message: row.message });
  });
});
