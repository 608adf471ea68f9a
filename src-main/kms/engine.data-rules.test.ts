/**
 * The cryptographic operations answer as AWS KMS does: its texts, its order of checks and its
 * response members. Expected values are AWS's answers; each cites where it was recorded
 * (LS = LocalStack's snapshot of AWS answers,
 * https://github.com/localstack/localstack/blob/main/tests/aws/services/kms/test_kms.snapshot.json).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random.js';
import type { KeyMetadata } from '../../src-shared/kms/types.js';
import { expectKms, newKey, text } from './_test-kit.js';
import { createTestEngine, type TestEngine } from './test-harness.js';

const exact = (s: string): RegExp => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
const INCORRECT_KEY = 'The key ID in the request does not identify a CMK that can perform this operation.'; // LS decrypt-invalid-key-id

let t: TestEngine;
let sym: KeyMetadata;
let sym2: KeyMetadata;
let hmac256: KeyMetadata;
let rsaEnc: KeyMetadata;
let rsaEnc2: KeyMetadata;
let ecSign: KeyMetadata;
beforeAll(async () => {
  t = createTestEngine();
  sym = await newKey(t);
  sym2 = await newKey(t);
  hmac256 = await newKey(t, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  rsaEnc = await newKey(t, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  rsaEnc2 = await newKey(t, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  ecSign = await newKey(t, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
}, 60_000);

describe('texts', () => {
  it('a wrong key usage names the key ARN, its usage and the operation (LS encrypt-invalid-key-id)', async () => {
    await expectKms(t.call('Encrypt', { KeyId: ecSign.KeyId, Plaintext: text('x') }), 'InvalidKeyUsageException', exact(`${ecSign.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`));
    await expectKms(t.call('GenerateMac', { KeyId: sym.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: text('x') }), 'InvalidKeyUsageException',
      exact(`${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`));
    await expectKms(t.call('Sign', { KeyId: hmac256.KeyId, SigningAlgorithm: 'ECDSA_SHA_256', Message: text('x') }), 'InvalidKeyUsageException',
      exact(`${hmac256.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`));
  });

  it('a MAC or signing algorithm the key does not take (LS verify-mac; https://github.com/JackOfMostTrades/aws-kms-pkcs11/issues/18)', async () => {
    await expectKms(t.call('GenerateMac', { KeyId: hmac256.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: text('x') }), 'InvalidKeyUsageException',
      exact('Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.'));
    await expectKms(t.call('VerifyMac', { KeyId: hmac256.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: text('x'), Mac: randomBytes(64) }), 'InvalidKeyUsageException',
      exact('Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.'));
    await expectKms(t.call('Sign', { KeyId: ecSign.KeyId, SigningAlgorithm: 'ECDSA_SHA_512', Message: text('x') }), 'InvalidKeyUsageException',
      exact('Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_P256.'));
  });

  it('an encryption algorithm the key does not take; none is SYMMETRIC_DEFAULT (https://github.com/getsops/sops/issues/684)', async () => {
    await expectKms(t.call('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: text('x') }), 'InvalidKeyUsageException', exact('Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.'));
    await expectKms(t.call('Encrypt', { KeyId: sym.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException',
      exact('Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.'));
    await expectKms(t.call('ReEncrypt', { CiphertextBlob: await blob(sym), DestinationKeyId: rsaEnc.KeyId }), 'InvalidKeyUsageException',
      exact('Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.'));
  });

  it('RSA plaintext too long, checked before DryRun (LS encrypt_validate_plaintext_size_per_key_type)', async () => {
    for (const DryRun of [false, true]) {
      await expectKms(t.call('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: randomBytes(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DryRun }), 'ValidationException',
        exact('Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.'));
    }
  });

  it('DryRun, GenerateRandom without NumberOfBytes, GenerateDataKey length (LS dryrun_exception, generate-random-exc)', async () => {
    await expectKms(t.call('Encrypt', { KeyId: sym.KeyId, Plaintext: text('x'), DryRun: true }), 'DryRunOperationException', exact('The request would have succeeded, but the DryRun option is set.'));
    await expectKms(t.call('GenerateDataKeyPair', { KeyId: sym.KeyId, KeyPairSpec: 'ECC_NIST_P256', DryRun: true }), 'DryRunOperationException', exact('The request would have succeeded, but the DryRun option is set.'));
    await expectKms(t.call('GenerateRandom', {}), 'ValidationException', exact('NumberOfBytes is required.'));
    await expectKms(t.call('GenerateDataKey', { KeyId: sym.KeyId }), 'ValidationException', exact('Please specify either number of bytes or key spec.'));
  });

  it('an RSA key for a data key; a context with an RSA key; a peer key that is not one (LS response-invalid-public-key)', async () => {
    await expectKms(t.call('GenerateDataKey', { KeyId: rsaEnc.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException', exact(`${rsaEnc.Arn} key KeySpec is RSA_2048 which is not valid for GenerateDataKey.`));
    await expectKms(t.call('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' } }), 'ValidationException',
      exact('EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.'));
    const ka = await newKey(t, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    await expectKms(t.call('DeriveSharedSecret', { KeyId: ka.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: randomBytes(91) }), 'ValidationException', /^$/);
    // A parameter error, so DryRun reports it (https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html).
    await expectKms(t.call('DeriveSharedSecret', { KeyId: ka.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: randomBytes(91), DryRun: true }), 'ValidationException', /^$/);
  });

  it('message types of Ed25519 and ML-DSA keys (measured: https://github.com/floci-io/floci/pull/2930, https://github.com/floci-io/floci/issues/3025)', async () => {
    const ed = await newKey(t, { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    const dsa = await newKey(t, { KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' });
    await expectKms(t.call('Sign', { KeyId: ed.KeyId, Message: text('m'), SigningAlgorithm: 'ECDSA_SHA_512' }), 'InvalidKeyUsageException', exact('Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_EDWARDS25519.'));
    await expectKms(t.call('Sign', { KeyId: ed.KeyId, Message: text('m'), MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' }), 'ValidationException', exact('Message type DIGEST is incompatible with algorithm ED25519_SHA_512.'));
    await expectKms(t.call('Verify', { KeyId: ed.KeyId, Message: text('not a digest'), MessageType: 'DIGEST', Signature: randomBytes(64), SigningAlgorithm: 'ED25519_PH_SHA_512' }), 'ValidationException',
      exact('Digest is invalid length for algorithm ED25519_PH_SHA_512.'));
    await expectKms(t.call('Sign', { KeyId: dsa.KeyId, Message: text('m'), MessageType: 'DIGEST', SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'ValidationException', exact('Message type DIGEST is incompatible with key spec ML_DSA_44.'));
    // Our choices (not recorded): RSA/ECC keys and EXTERNAL_MU; a μ of the wrong length.
    await expectKms(t.call('Sign', { KeyId: ecSign.KeyId, Message: randomBytes(64), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ECDSA_SHA_256' }), 'ValidationException', exact('Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256.'));
    await expectKms(t.call('Sign', { KeyId: dsa.KeyId, Message: randomBytes(63), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'ValidationException', exact('External Mu is invalid length for algorithm ML_DSA_SHAKE_256.'));
    // The algorithm check comes before the digest length.
    await expectKms(t.call('Sign', { KeyId: ecSign.KeyId, Message: randomBytes(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_384' }), 'InvalidKeyUsageException');
  });
});

async function blob(md: KeyMetadata, EncryptionContext?: Record<string, string>): Promise<Uint8Array> {
  return (await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('secret'), ...(EncryptionContext ? { EncryptionContext } : {}) })).CiphertextBlob;
}

describe('precedence', () => {
  it('Decrypt or ReEncrypt naming an HMAC, signing or other key is IncorrectKeyException (LS decrypt-invalid-key-id, incorrect-source-key)', async () => {
    const ct = await blob(sym);
    for (const other of [hmac256, ecSign, rsaEnc, sym2]) {
      await expectKms(t.call('Decrypt', { CiphertextBlob: ct, KeyId: other.KeyId }), 'IncorrectKeyException', exact(INCORRECT_KEY));
      await expectKms(t.call('ReEncrypt', { CiphertextBlob: ct, SourceKeyId: other.Arn, DestinationKeyId: sym2.KeyId }), 'IncorrectKeyException', exact(INCORRECT_KEY));
    }
  });

  it('IncorrectKeyException comes before the state of the key that encrypted (LocalStack order; our choice where AWS is silent)', async () => {
    const t2 = createTestEngine();
    const a = await newKey(t2);
    const b = await newKey(t2);
    const { CiphertextBlob } = await t2.call('Encrypt', { KeyId: a.KeyId, Plaintext: text('x') });
    await t2.call('DisableKey', { KeyId: a.KeyId });
    await expectKms(t2.call('Decrypt', { CiphertextBlob, KeyId: b.KeyId }), 'IncorrectKeyException');
    await expectKms(t2.call('Decrypt', { CiphertextBlob, KeyId: a.KeyId }), 'DisabledException', exact(`${a.Arn} is disabled.`));
  });

  it('state before key usage, key usage before algorithm (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html)', async () => {
    const t2 = createTestEngine();
    const signing = await newKey(t2, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await t2.call('DisableKey', { KeyId: signing.KeyId });
    await expectKms(t2.call('Encrypt', { KeyId: signing.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), 'DisabledException', exact(`${signing.Arn} is disabled.`));
    await expectKms(t.call('Encrypt', { KeyId: ecSign.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), 'InvalidKeyUsageException', /key usage is SIGN_VERIFY/);
    await expectKms(t.call('ReEncrypt', { CiphertextBlob: await blob(sym), DestinationKeyId: hmac256.KeyId }), 'InvalidKeyUsageException',
      exact(`${hmac256.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for ReEncrypt.`));
  });

  it('an RSA KeyId with the algorithm left out reads the ciphertext as a symmetric blob (measured: https://github.com/floci-io/floci/pull/3038)', async () => {
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await expectKms(t.call('Decrypt', { CiphertextBlob, KeyId: rsaEnc.KeyId }), 'InvalidCiphertextException');
    const back = await t.call('Decrypt', { CiphertextBlob, KeyId: rsaEnc.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(text('x')).toEqual(back.Plaintext);
    // An asymmetric algorithm with a key that cannot decrypt: that key's usage (our choice, not recorded).
    await expectKms(t.call('Decrypt', { CiphertextBlob, KeyId: ecSign.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException',
      exact(`${ecSign.Arn} key usage is SIGN_VERIFY which is not valid for Decrypt.`));
  });
});

describe('response members (https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html and each operation page)', () => {
  it('ReEncrypt between RSA keys has no key-material ids; between symmetric keys it has both; mixed, only the symmetric side', async () => {
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });
    const rr = await t.call('ReEncrypt', { CiphertextBlob, SourceKeyId: rsaEnc.KeyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DestinationKeyId: rsaEnc2.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(Object.keys(rr).sort()).toEqual(['CiphertextBlob', 'DestinationEncryptionAlgorithm', 'KeyId', 'SourceEncryptionAlgorithm', 'SourceKeyId']);
    expect(rr).toMatchObject({ SourceKeyId: rsaEnc.Arn, KeyId: rsaEnc2.Arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    const ss = await t.call('ReEncrypt', { CiphertextBlob: await blob(sym), DestinationKeyId: sym2.KeyId });
    expect(ss).toMatchObject({ SourceKeyMaterialId: sym.CurrentKeyMaterialId, DestinationKeyMaterialId: sym2.CurrentKeyMaterialId });
    const sr = await t.call('ReEncrypt', { CiphertextBlob: await blob(sym), DestinationKeyId: rsaEnc.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(sr.SourceKeyMaterialId).toBe(sym.CurrentKeyMaterialId);
    expect(sr).not.toHaveProperty('DestinationKeyMaterialId');
  });

  it('Encrypt has no KeyMaterialId; Decrypt has it for symmetric keys only; data keys have it', async () => {
    const enc = await t.call('Encrypt', { KeyId: sym.KeyId, Plaintext: text('x') });
    expect(Object.keys(enc).sort()).toEqual(['CiphertextBlob', 'EncryptionAlgorithm', 'KeyId']);
    expect((await t.call('Decrypt', { CiphertextBlob: enc.CiphertextBlob })).KeyMaterialId).toBe(sym.CurrentKeyMaterialId);
    const rsa = await t.call('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    const dec = await t.call('Decrypt', { CiphertextBlob: rsa.CiphertextBlob, KeyId: rsaEnc.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(Object.keys(dec).sort()).toEqual(['EncryptionAlgorithm', 'KeyId', 'Plaintext']);
    expect((await t.call('GenerateDataKey', { KeyId: sym.KeyId, KeySpec: 'AES_256' })).KeyMaterialId).toBe(sym.CurrentKeyMaterialId);
    expect((await t.call('GenerateDataKeyWithoutPlaintext', { KeyId: sym.KeyId, NumberOfBytes: 8 })).KeyMaterialId).toBe(sym.CurrentKeyMaterialId);
  });

  it('GetPublicKey reports CustomerMasterKeySpec only for specs of that deprecated enum, and the algorithms of the key usage', async () => {
    expect(await t.call('GetPublicKey', { KeyId: rsaEnc.KeyId })).toMatchObject({ CustomerMasterKeySpec: 'RSA_2048', KeySpec: 'RSA_2048', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    for (const [KeySpec, KeyUsage] of [['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY'], ['ML_DSA_65', 'SIGN_VERIFY'], ['ML_KEM_512', 'ENCAPSULATE_DECAPSULATE']] as const) {
      const md = await newKey(t, { KeySpec, KeyUsage });
      const pk = await t.call('GetPublicKey', { KeyId: md.KeyId });
      expect(pk).not.toHaveProperty('CustomerMasterKeySpec');
      expect(pk).toMatchObject({ KeySpec, KeyUsage });
      expect(pk).not.toHaveProperty('EncryptionAlgorithms');
    }
    await expectKms(t.call('GetPublicKey', { KeyId: sym.KeyId }), 'UnsupportedOperationException', /^$/); // local-kms's answer, see data-rules.ts
  });
});
