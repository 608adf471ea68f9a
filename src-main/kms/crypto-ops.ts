/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom. */
import { DryRunOperationException, ValidationException } from '../../src-shared/kms/errors.js';
import type { KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { wipe } from '../crypto/guards.js';
import { randomBytes } from '../crypto/random.js';
import type { EngineContext } from './context.js';
import { keyArn, resolveKey } from './identifiers.js';
import { assertAlgorithm, assertSymmetricEncryptionKey, assertUsableForCrypto } from './key-rules.js';
import type { KeyRecord } from './model.js';
import { assertRequestedKey, keyOfBlob, openWithKey, sealWithKey } from './symmetric.js';

function encryptionKey(ctx: EngineContext, keyId: string, operation: string, algorithm?: string): KeyRecord {
  const key = resolveKey(ctx.state, keyId, { allowAlias: true });
  assertUsableForCrypto(ctx.state, key);
  assertSymmetricEncryptionKey(ctx.state, key, operation);
  assertAlgorithm(ctx.state, key, algorithm, operation);
  ctx.assertCryptoReady();
  return key;
}

function dryRun(flag: boolean | undefined, operation: string): void {
  if (flag) throw new DryRunOperationException(`The ${operation} request would have succeeded, but the DryRun flag is set.`);
}

export function encrypt(ctx: EngineContext, req: KmsRequest<'Encrypt'>): KmsResponse<'Encrypt'> {
  const key = encryptionKey(ctx, req.KeyId, 'Encrypt', req.EncryptionAlgorithm);
  dryRun(req.DryRun, 'Encrypt');
  const { blob } = sealWithKey(ctx.state, key, req.Plaintext, req.EncryptionContext);
  return { CiphertextBlob: blob, KeyId: keyArn(ctx.state, key.keyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
}

export function decrypt(ctx: EngineContext, req: KmsRequest<'Decrypt'>): KmsResponse<'Decrypt'> {
  const { parsed, key, requested } = keyOfBlob(ctx.state, req.CiphertextBlob, req.KeyId);
  assertUsableForCrypto(ctx.state, key);
  assertSymmetricEncryptionKey(ctx.state, key, 'Decrypt');
  assertAlgorithm(ctx.state, key, req.EncryptionAlgorithm, 'Decrypt');
  assertRequestedKey(key, requested);
  ctx.assertCryptoReady();
  dryRun(req.DryRun, 'Decrypt');
  const { plaintext, material } = openWithKey(key, parsed, req.EncryptionContext);
  return { KeyId: keyArn(ctx.state, key.keyId), Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: material.id };
}

export function reEncrypt(ctx: EngineContext, req: KmsRequest<'ReEncrypt'>): KmsResponse<'ReEncrypt'> {
  const { parsed, key: source, requested } = keyOfBlob(ctx.state, req.CiphertextBlob, req.SourceKeyId);
  assertUsableForCrypto(ctx.state, source);
  assertSymmetricEncryptionKey(ctx.state, source, 'ReEncrypt');
  assertAlgorithm(ctx.state, source, req.SourceEncryptionAlgorithm, 'ReEncrypt');
  assertRequestedKey(source, requested);
  const destination = encryptionKey(ctx, req.DestinationKeyId, 'ReEncrypt', req.DestinationEncryptionAlgorithm);
  dryRun(req.DryRun, 'ReEncrypt');
  const { plaintext, material: sourceMaterial } = openWithKey(source, parsed, req.SourceEncryptionContext);
  try {
    const { blob, material } = sealWithKey(ctx.state, destination, plaintext, req.DestinationEncryptionContext);
    return {
      CiphertextBlob: blob,
      SourceKeyId: keyArn(ctx.state, source.keyId),
      KeyId: keyArn(ctx.state, destination.keyId),
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: sourceMaterial.id,
      DestinationKeyMaterialId: material.id,
    };
  } finally {
    wipe(plaintext); // the caller never sees it
  }
}

const DATA_KEY_BYTES = { AES_256: 32, AES_128: 16 } as const;

function dataKeyLength(req: KmsRequest<'GenerateDataKey'>): number {
  if ((req.NumberOfBytes === undefined) === (req.KeySpec === undefined)) {
    throw new ValidationException('Specify either KeySpec or NumberOfBytes, but not both. For a 256-bit AES data key use KeySpec AES_256.');
  }
  return req.NumberOfBytes ?? DATA_KEY_BYTES[req.KeySpec!]; // exactly one is set (checked above)
}

export function generateDataKey(ctx: EngineContext, req: KmsRequest<'GenerateDataKey'>): KmsResponse<'GenerateDataKey'> {
  const length = dataKeyLength(req);
  const key = encryptionKey(ctx, req.KeyId, 'GenerateDataKey');
  dryRun(req.DryRun, 'GenerateDataKey');
  const plaintext = randomBytes(length);
  const { blob, material } = sealWithKey(ctx.state, key, plaintext, req.EncryptionContext);
  return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: keyArn(ctx.state, key.keyId), KeyMaterialId: material.id };
}

export function generateDataKeyWithoutPlaintext(ctx: EngineContext, req: KmsRequest<'GenerateDataKeyWithoutPlaintext'>): KmsResponse<'GenerateDataKeyWithoutPlaintext'> {
  const length = dataKeyLength(req);
  const key = encryptionKey(ctx, req.KeyId, 'GenerateDataKeyWithoutPlaintext');
  dryRun(req.DryRun, 'GenerateDataKeyWithoutPlaintext');
  const plaintext = randomBytes(length);
  try {
    const { blob, material } = sealWithKey(ctx.state, key, plaintext, req.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: keyArn(ctx.state, key.keyId), KeyMaterialId: material.id };
  } finally {
    wipe(plaintext);
  }
}

export function generateRandom(ctx: EngineContext, req: KmsRequest<'GenerateRandom'>): KmsResponse<'GenerateRandom'> {
  if (req.NumberOfBytes === undefined) {
    throw new ValidationException('1 validation error detected: Value at \'numberOfBytes\' failed to satisfy constraint: Member must not be null');
  }
  ctx.assertCryptoReady();
  return { Plaintext: randomBytes(req.NumberOfBytes) };
}
