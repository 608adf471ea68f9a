/**
 * Wire conformance of the cryptographic operations: each row is a raw HTTP request, signed as
 * the AWS SDK for JavaScript v3 signs (smithy's SigV4 signer), with AWS's status, `__type`,
 * `message` and, for answers, the exact set of response members. Sources of AWS's answers are
 * cited per row (LS = LocalStack's snapshot of AWS answers,
 * https://github.com/localstack/localstack/blob/main/tests/aws/services/kms/test_kms.snapshot.json).
 * A row without `message` leaves the text to the endpoint's empty-message rule (tested elsewhere).
 */
import { callKms } from '../testing/signed-request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

type Json = Record<string, unknown>;
interface Reply { status: number; body: Json }

/** One signed POST of `target` with a JSON body, as an SDK sends it. */
function call(r: Running, target: string, body: Json): Promise<Reply> {
  return callKms(r, target, body);
}

/** Keys and ciphertexts the rows use (made over the wire in beforeAll). */
interface Fixture {
  sym: { id: string; arn: string };
  sym2: { id: string; arn: string };
  disabled: { id: string; arn: string };
  hmac: { id: string; arn: string };
  ec: { id: string; arn: string };
  ka: { id: string; arn: string };
  rsa: { id: string; arn: string };
  rsa2: { id: string; arn: string };
  ed: { id: string; arn: string };
  symBlob: string;
  rsaBlob: string;
}

interface Row {
  name: string;
  op: string;
  body: (f: Fixture) => Json;
  status: number;
  type?: string;
  message?: (f: Fixture) => string;
  /** For answers: the response members, sorted. */
  members?: string[];
}

const INCORRECT = 'The key ID in the request does not identify a CMK that can perform this operation.';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
/** The blob with one byte of its key id (bytes 17..32, blob.ts) changed. */
const otherKey = (blob: string): string => { const b = Buffer.from(blob, 'base64'); b[20] = (b[20] ?? 0) ^ 1; return b.toString('base64'); };

const ROWS: Row[] = [
  { name: 'wrong key usage (LS encrypt-invalid-key-id)', op: 'Encrypt', body: (f) => ({ KeyId: f.ec.id, Plaintext: b64('x') }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.ec.arn} key usage is SIGN_VERIFY which is not valid for Encrypt.` },
  { name: 'DeriveSharedSecret with a signing key (LS response-invalid-key-usage)', op: 'DeriveSharedSecret', body: (f) => ({ KeyId: f.ec.id, KeyAgreementAlgorithm: 'ECDH', PublicKey: b64('k') }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.ec.arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.` },
  { name: 'DeriveSharedSecret with a symmetric key (LS response-invalid-key)', op: 'DeriveSharedSecret', body: (f) => ({ KeyId: f.sym.id, KeyAgreementAlgorithm: 'ECDH', PublicKey: b64('k') }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.sym.arn} key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.` },
  { name: 'GenerateMac with a symmetric key (LS generate-mac-invalid-key-id)', op: 'GenerateMac', body: (f) => ({ KeyId: f.sym.id, MacAlgorithm: 'HMAC_SHA_256', Message: b64('m') }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.sym.arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.` },
  { name: 'Sign with an HMAC key (LS sign-invalid-key-id)', op: 'Sign', body: (f) => ({ KeyId: f.hmac.id, Message: b64('m'), SigningAlgorithm: 'ECDSA_SHA_256' }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.hmac.arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.` },
  { name: 'GenerateDataKeyPair with an HMAC key', op: 'GenerateDataKeyPair', body: (f) => ({ KeyId: f.hmac.id, KeyPairSpec: 'ECC_NIST_P256' }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.hmac.arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKeyPair.` },
  { name: 'Encapsulate with a signing key', op: 'Encapsulate', body: (f) => ({ KeyId: f.ec.id, EncapsulationAlgorithm: 'ML_KEM' }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.ec.arn} key usage is SIGN_VERIFY which is not valid for Encapsulate.` },
  { name: 'a disabled key (LS error-response)', op: 'GenerateDataKey', body: (f) => ({ KeyId: f.disabled.arn, NumberOfBytes: 16 }), status: 400, type: 'DisabledException', message: (f) => `${f.disabled.arn} is disabled.` },
  { name: 'MAC algorithm not of the key (LS verify-mac)', op: 'GenerateMac', body: (f) => ({ KeyId: f.hmac.id, MacAlgorithm: 'HMAC_SHA_512', Message: b64('m') }), status: 400, type: 'InvalidKeyUsageException', message: () => 'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.' },
  { name: 'VerifyMac, same', op: 'VerifyMac', body: (f) => ({ KeyId: f.hmac.id, MacAlgorithm: 'HMAC_SHA_512', Message: b64('m'), Mac: b64('0'.repeat(64)) }), status: 400, type: 'InvalidKeyUsageException', message: () => 'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.' },
  { name: 'Decrypt naming an HMAC key (LS decrypt-invalid-key-id)', op: 'Decrypt', body: (f) => ({ CiphertextBlob: f.symBlob, KeyId: f.hmac.id }), status: 400, type: 'IncorrectKeyException', message: () => INCORRECT },
  { name: 'ReEncrypt naming an HMAC source key (LS incorrect-source-key)', op: 'ReEncrypt', body: (f) => ({ CiphertextBlob: f.symBlob, SourceKeyId: f.hmac.arn, DestinationKeyId: f.sym2.id }), status: 400, type: 'IncorrectKeyException', message: () => INCORRECT },
  { name: 'Decrypt naming another symmetric key', op: 'Decrypt', body: (f) => ({ CiphertextBlob: f.symBlob, KeyId: f.sym2.arn }), status: 400, type: 'IncorrectKeyException', message: () => INCORRECT },
  { name: 'RSA key, no algorithm (https://github.com/getsops/sops/issues/684)', op: 'Encrypt', body: (f) => ({ KeyId: f.rsa.id, Plaintext: b64('x') }), status: 400, type: 'InvalidKeyUsageException', message: () => 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.' },
  { name: 'symmetric key, RSA algorithm', op: 'Encrypt', body: (f) => ({ KeyId: f.sym.id, Plaintext: b64('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), status: 400, type: 'InvalidKeyUsageException', message: () => 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.' },
  { name: 'RSA plaintext too long (LS)', op: 'Encrypt', body: (f) => ({ KeyId: f.rsa.id, Plaintext: b64('x'.repeat(215)), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), status: 400, type: 'ValidationException', message: () => 'Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.' },
  { name: 'RSA with an encryption context', op: 'Encrypt', body: (f) => ({ KeyId: f.rsa.id, Plaintext: b64('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' } }), status: 400, type: 'ValidationException', message: () => 'EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.' },
  { name: 'signing algorithm not of the key (https://github.com/JackOfMostTrades/aws-kms-pkcs11/issues/18)', op: 'Sign', body: (f) => ({ KeyId: f.ec.id, Message: b64('m'), SigningAlgorithm: 'ECDSA_SHA_512' }), status: 400, type: 'InvalidKeyUsageException', message: () => 'Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_P256.' },
  { name: 'digest of the wrong length (LS bad-digest)', op: 'Sign', body: (f) => ({ KeyId: f.ec.id, Message: b64('short'), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }), status: 400, type: 'ValidationException', message: () => 'Digest is invalid length for algorithm ECDSA_SHA_256.' },
  { name: 'Ed25519 and DIGEST (measured: https://github.com/floci-io/floci/pull/2930)', op: 'Sign', body: (f) => ({ KeyId: f.ed.id, Message: b64('m'), MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' }), status: 400, type: 'ValidationException', message: () => 'Message type DIGEST is incompatible with algorithm ED25519_SHA_512.' },
  { name: 'a bad signature (LS bad-signature)', op: 'Verify', body: (f) => ({ KeyId: f.ec.id, Message: b64('m'), Signature: b64('not a signature'), SigningAlgorithm: 'ECDSA_SHA_256' }), status: 400, type: 'KMSInvalidSignatureException' },
  { name: 'DryRun (LS dryrun_exception)', op: 'Encrypt', body: (f) => ({ KeyId: f.sym.id, Plaintext: b64('x'), DryRun: true }), status: 400, type: 'DryRunOperationException', message: () => 'The request would have succeeded, but the DryRun option is set.' },
  { name: 'DryRun after a failing check is that failure', op: 'Encrypt', body: (f) => ({ KeyId: f.disabled.id, Plaintext: b64('x'), DryRun: true }), status: 400, type: 'DisabledException', message: (f) => `${f.disabled.arn} is disabled.` },
  { name: 'GenerateRandom without NumberOfBytes (LS generate-random-exc)', op: 'GenerateRandom', body: () => ({}), status: 400, type: 'ValidationException', message: () => 'NumberOfBytes is required.' },
  { name: 'GenerateDataKey without a length (moto, floci)', op: 'GenerateDataKey', body: (f) => ({ KeyId: f.sym.id }), status: 400, type: 'ValidationException', message: () => 'Please specify either number of bytes or key spec.' },
  { name: 'GenerateDataKey with an RSA key (local-kms text)', op: 'GenerateDataKey', body: (f) => ({ KeyId: f.rsa.id, KeySpec: 'AES_256' }), status: 400, type: 'InvalidKeyUsageException', message: (f) => `${f.rsa.arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKey.` },
  { name: 'a ciphertext naming a key the vault does not have (https://github.com/aws/aws-encryption-sdk-javascript/issues/1005)', op: 'Decrypt', body: (f) => ({ CiphertextBlob: otherKey(f.symBlob) }), status: 400, type: 'AccessDeniedException',
    message: () => 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.' },
  { name: 'RSA KeyId, algorithm left out (measured: https://github.com/floci-io/floci/pull/3038)', op: 'Decrypt', body: (f) => ({ CiphertextBlob: f.rsaBlob, KeyId: f.rsa.id }), status: 400, type: 'InvalidCiphertextException' },
  { name: 'a peer key that is not one (LS response-invalid-public-key)', op: 'DeriveSharedSecret', body: (f) => ({ KeyId: f.ka.id, KeyAgreementAlgorithm: 'ECDH', PublicKey: b64('not a public key') }), status: 400, type: 'ValidationException', message: () => '' },
  { name: 'GetPublicKey of a symmetric key (local-kms: empty message)', op: 'GetPublicKey', body: (f) => ({ KeyId: f.sym.id }), status: 400, type: 'UnsupportedOperationException', message: () => '' },
  // Response members (https://docs.aws.amazon.com/kms/latest/APIReference/API_<Operation>.html, "Response Elements").
  { name: 'Encrypt: no KeyMaterialId', op: 'Encrypt', body: (f) => ({ KeyId: f.sym.id, Plaintext: b64('x') }), status: 200, members: ['CiphertextBlob', 'EncryptionAlgorithm', 'KeyId'] },
  { name: 'Decrypt, symmetric: KeyMaterialId (LS decrypt_response_with_encryption_context)', op: 'Decrypt', body: (f) => ({ CiphertextBlob: f.symBlob }), status: 200, members: ['EncryptionAlgorithm', 'KeyId', 'KeyMaterialId', 'Plaintext'] },
  { name: 'Decrypt, RSA: no KeyMaterialId', op: 'Decrypt', body: (f) => ({ CiphertextBlob: f.rsaBlob, KeyId: f.rsa.id, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), status: 200, members: ['EncryptionAlgorithm', 'KeyId', 'Plaintext'] },
  {
    name: 'ReEncrypt between RSA keys: no key-material ids', op: 'ReEncrypt', status: 200, members: ['CiphertextBlob', 'DestinationEncryptionAlgorithm', 'KeyId', 'SourceEncryptionAlgorithm', 'SourceKeyId'],
    body: (f) => ({ CiphertextBlob: f.rsaBlob, SourceKeyId: f.rsa.id, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationKeyId: f.rsa2.id, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }),
  },
  {
    name: 'ReEncrypt between symmetric keys: both key-material ids', op: 'ReEncrypt', status: 200, body: (f) => ({ CiphertextBlob: f.symBlob, DestinationKeyId: f.sym2.id }),
    members: ['CiphertextBlob', 'DestinationEncryptionAlgorithm', 'DestinationKeyMaterialId', 'KeyId', 'SourceEncryptionAlgorithm', 'SourceKeyId', 'SourceKeyMaterialId'],
  },
  { name: 'GenerateDataKey: KeyMaterialId', op: 'GenerateDataKey', body: (f) => ({ KeyId: f.sym.id, KeySpec: 'AES_256' }), status: 200, members: ['CiphertextBlob', 'KeyId', 'KeyMaterialId', 'Plaintext'] },
  { name: 'GetPublicKey, Ed25519: no CustomerMasterKeySpec', op: 'GetPublicKey', body: (f) => ({ KeyId: f.ed.id }), status: 200, members: ['KeyId', 'KeySpec', 'KeyUsage', 'PublicKey', 'SigningAlgorithms'] },
  { name: 'GetPublicKey, RSA: CustomerMasterKeySpec', op: 'GetPublicKey', body: (f) => ({ KeyId: f.rsa.id }), status: 200, members: ['CustomerMasterKeySpec', 'EncryptionAlgorithms', 'KeyId', 'KeySpec', 'KeyUsage', 'PublicKey'] },
];

let r: Running;
let f: Fixture;

async function key(spec?: string, usage?: string): Promise<{ id: string; arn: string }> {
  const a = await call(r, 'CreateKey', { ...(spec ? { KeySpec: spec } : {}), ...(usage ? { KeyUsage: usage } : {}) });
  const md = a.body['KeyMetadata'] as { KeyId: string; Arn: string }; // CreateKey's answer
  return { id: md.KeyId, arn: md.Arn };
}

beforeAll(async () => {
  r = await startRunning();
  const [sym, sym2, disabled, hmac, ec, ka, rsa, rsa2, ed] = await Promise.all([
    key(), key(), key(), key('HMAC_256', 'GENERATE_VERIFY_MAC'), key('ECC_NIST_P256', 'SIGN_VERIFY'), key('ECC_NIST_P256', 'KEY_AGREEMENT'),
    key('RSA_2048', 'ENCRYPT_DECRYPT'), key('RSA_2048', 'ENCRYPT_DECRYPT'), key('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY'),
  ]);
  await call(r, 'DisableKey', { KeyId: disabled.id });
  const symBlob = (await call(r, 'Encrypt', { KeyId: sym.id, Plaintext: b64('secret') })).body['CiphertextBlob'] as string; // base64 on the wire
  const rsaBlob = (await call(r, 'Encrypt', { KeyId: rsa.id, Plaintext: b64('secret'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).body['CiphertextBlob'] as string; // as above
  f = { sym, sym2, disabled, hmac, ec, ka, rsa, rsa2, ed, symBlob, rsaBlob };
}, 60_000);

afterAll(async () => {
  await r.close();
});

describe('cryptographic operations on the wire answer as AWS KMS', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const a = await call(r, row.op, row.body(f));
    expect(a.status, JSON.stringify(a.body)).toBe(row.status);
    if (row.type !== undefined) expect(a.body['__type']).toBe(row.type);
    if (row.message !== undefined) expect(a.body['message']).toBe(row.message(f));
    if (row.members !== undefined) expect(Object.keys(a.body).sort()).toEqual(row.members);
  });
});
