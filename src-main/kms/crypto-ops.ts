/** Encrypt, Decrypt, ReEncrypt (AES-256-GCM blobs and raw RSA-OAEP), GenerateDataKey(WithoutPlaintext), GenerateRandom. */
import { maxPlaintextBytes, type KeyOperation } from '../../src-shared/kms/catalogue.js';
import type { EncryptionAlgorithmSpec } from '../../src-shared/kms/enums.js';
import { DryRunOperationException, InvalidCiphertextException, ValidationException } from '../../src-shared/kms/errors.js';
import type { KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { wipe } from '../crypto/guards.js';
import { randomBytes } from '../crypto/random.js';
import { rsaOaepDecrypt, rsaOaepEncrypt, rsaPrivateKey, rsaPublicKey } from '../crypto/rsa.js';
import type { EngineContext } from './context.js';
import { keyArn, resolveKey } from './identifiers.js';
import { assertAlgorithm, assertAlgorithmFor, assertOperationAllowed, assertSymmetricEncryptionKey, assertUsableForCrypto } from './key-rules.js';
import { currentMaterial, type KeyRecord, type MaterialVersion } from './model.js';
import { assertRequestedKey, keyOfBlob, openWithKey, sealWithKey } from './symmetric.js';

function encryptionKey(ctx: EngineContext, keyId: string, operation: KeyOperation, algorithm?: string): KeyRecord {
  const key = resolveKey(ctx.state, keyId, { allowAlias: true });
  assertUsableForCrypto(ctx.state, key);
  assertOperationAllowed(ctx.state, key, operation);
  if (key.keySpec === 'SYMMETRIC_DEFAULT') assertAlgorithm(ctx.state, key, algorithm, operation);
  else assertAlgorithmFor(ctx.state, key, 'encryptionAlgorithms', algorithm, operation);
  ctx.assertCryptoReady();
  return key;
}

function dryRun(flag: boolean | undefined, operation: string): void {
  if (flag) throw new DryRunOperationException(`The ${operation} request would have succeeded, but the DryRun flag is set.`);
}

type OaepAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256';
const OAEP_HASH = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' } as const;

/** The RSA material of a key already checked by encryptionKey (one material version: asymmetric keys do not rotate). */
function rsaMaterial(ctx: EngineContext, key: KeyRecord): MaterialVersion & { publicKey: Uint8Array } {
  const m = currentMaterial(key);
  if (!m?.publicKey) throw new InvalidCiphertextException(`${keyArn(ctx.state, key.keyId)} has no key material.`);
  return { ...m, publicKey: m.publicKey };
}

function noContextForAsymmetric(context: Record<string, string> | undefined, operation: string): void {
  if (context && Object.keys(context).length > 0) {
    throw new ValidationException(`${operation}: EncryptionContext is supported only with symmetric encryption keys; RSA-OAEP cannot bind it. Remove it.`);
  }
}

/** Raw RSA-OAEP: the ciphertext is exactly what a client with the public key would produce. */
function rsaEncrypt(ctx: EngineContext, key: KeyRecord, algorithm: OaepAlgorithm, plaintext: Uint8Array): { ciphertext: Uint8Array; material: MaterialVersion } {
  const max = maxPlaintextBytes(key.keySpec, algorithm) ?? 0;
  if (plaintext.length > max) {
    throw new ValidationException(`Plaintext is ${plaintext.length} bytes; ${algorithm} with a ${key.keySpec} key encrypts at most ${max} bytes. Encrypt a data key instead.`);
  }
  const material = rsaMaterial(ctx, key);
  return { ciphertext: rsaOaepEncrypt(rsaPublicKey(material.publicKey), OAEP_HASH[algorithm], plaintext), material };
}

function rsaDecrypt(ctx: EngineContext, key: KeyRecord, algorithm: OaepAlgorithm, ciphertext: Uint8Array): { plaintext: Uint8Array; material: MaterialVersion } {
  const material = rsaMaterial(ctx, key);
  try {
    return { plaintext: rsaOaepDecrypt(rsaPrivateKey(material.bytes), OAEP_HASH[algorithm], ciphertext), material };
  } catch {
    // One message for every failure: distinguishing them would be a padding oracle.
    throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  }
}

/** A KeyId naming an asymmetric key: that key, else undefined (symmetric keys decrypt from the blob). */
function asymmetricKeyNamed(ctx: EngineContext, keyId: string | undefined): KeyRecord | undefined {
  if (keyId === undefined) return undefined;
  let key: KeyRecord;
  try {
    key = resolveKey(ctx.state, keyId, { allowAlias: true });
  } catch {
    return undefined; // the symmetric path reports it in KMS's order
  }
  return key.keySpec === 'SYMMETRIC_DEFAULT' ? undefined : key;
}

/** Encrypt: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html; throws that page's exceptions. */
export function encrypt(ctx: EngineContext, req: KmsRequest<'Encrypt'>): KmsResponse<'Encrypt'> {
  const key = encryptionKey(ctx, req.KeyId, 'Encrypt', req.EncryptionAlgorithm);
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    const algorithm = req.EncryptionAlgorithm as OaepAlgorithm; // checked against the key's catalogue list above
    noContextForAsymmetric(req.EncryptionContext, 'Encrypt');
    dryRun(req.DryRun, 'Encrypt');
    const { ciphertext } = rsaEncrypt(ctx, key, algorithm, req.Plaintext);
    return { CiphertextBlob: ciphertext, KeyId: keyArn(ctx.state, key.keyId), EncryptionAlgorithm: algorithm };
  }
  dryRun(req.DryRun, 'Encrypt');
  const { blob } = sealWithKey(ctx.state, key, req.Plaintext, req.EncryptionContext);
  return { CiphertextBlob: blob, KeyId: keyArn(ctx.state, key.keyId), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
}

/** Decrypt: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html; throws that page's exceptions. */
export function decrypt(ctx: EngineContext, req: KmsRequest<'Decrypt'>): KmsResponse<'Decrypt'> {
  const asymmetric = asymmetricKeyNamed(ctx, req.KeyId);
  if (asymmetric) {
    // RSA ciphertexts are raw, so KMS needs KeyId and EncryptionAlgorithm (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html).
    const key = encryptionKey(ctx, asymmetric.keyId, 'Decrypt', req.EncryptionAlgorithm);
    const algorithm = req.EncryptionAlgorithm as OaepAlgorithm; // checked against the key's catalogue list above
    noContextForAsymmetric(req.EncryptionContext, 'Decrypt');
    dryRun(req.DryRun, 'Decrypt');
    const { plaintext, material } = rsaDecrypt(ctx, key, algorithm, req.CiphertextBlob);
    return { KeyId: keyArn(ctx.state, key.keyId), Plaintext: plaintext, EncryptionAlgorithm: algorithm, KeyMaterialId: material.id };
  }
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

/** ReEncrypt: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html; throws that page's exceptions. */
export function reEncrypt(ctx: EngineContext, req: KmsRequest<'ReEncrypt'>): KmsResponse<'ReEncrypt'> {
  const asymmetricSource = asymmetricKeyNamed(ctx, req.SourceKeyId);
  let source: KeyRecord;
  let open: () => { plaintext: Uint8Array; material: MaterialVersion };
  let sourceAlgorithm: EncryptionAlgorithmSpec = 'SYMMETRIC_DEFAULT';
  if (asymmetricSource) {
    source = encryptionKey(ctx, asymmetricSource.keyId, 'ReEncrypt', req.SourceEncryptionAlgorithm);
    noContextForAsymmetric(req.SourceEncryptionContext, 'ReEncrypt');
    const algorithm = req.SourceEncryptionAlgorithm as OaepAlgorithm; // checked against the key's catalogue list above
    sourceAlgorithm = algorithm;
    open = () => rsaDecrypt(ctx, source, algorithm, req.CiphertextBlob);
  } else {
    const { parsed, key, requested } = keyOfBlob(ctx.state, req.CiphertextBlob, req.SourceKeyId);
    source = key;
    assertUsableForCrypto(ctx.state, source);
    assertSymmetricEncryptionKey(ctx.state, source, 'ReEncrypt');
    assertAlgorithm(ctx.state, source, req.SourceEncryptionAlgorithm, 'ReEncrypt');
    assertRequestedKey(source, requested);
    open = () => openWithKey(key, parsed, req.SourceEncryptionContext);
  }
  const destination = encryptionKey(ctx, req.DestinationKeyId, 'ReEncrypt', req.DestinationEncryptionAlgorithm);
  if (destination.keySpec !== 'SYMMETRIC_DEFAULT') noContextForAsymmetric(req.DestinationEncryptionContext, 'ReEncrypt');
  dryRun(req.DryRun, 'ReEncrypt');
  const { plaintext, material: sourceMaterial } = open();
  try {
    const sealed = destination.keySpec === 'SYMMETRIC_DEFAULT'
      ? { ...sealWithKey(ctx.state, destination, plaintext, req.DestinationEncryptionContext), algorithm: 'SYMMETRIC_DEFAULT' as const }
      : (() => {
        const algorithm = req.DestinationEncryptionAlgorithm as OaepAlgorithm; // checked by encryptionKey above
        const r = rsaEncrypt(ctx, destination, algorithm, plaintext);
        return { blob: r.ciphertext, material: r.material, algorithm };
      })();
    return {
      CiphertextBlob: sealed.blob,
      SourceKeyId: keyArn(ctx.state, source.keyId),
      KeyId: keyArn(ctx.state, destination.keyId),
      SourceEncryptionAlgorithm: sourceAlgorithm,
      DestinationEncryptionAlgorithm: sealed.algorithm,
      SourceKeyMaterialId: sourceMaterial.id,
      DestinationKeyMaterialId: sealed.material.id,
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

/** GenerateDataKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html; throws that page's exceptions. */
export function generateDataKey(ctx: EngineContext, req: KmsRequest<'GenerateDataKey'>): KmsResponse<'GenerateDataKey'> {
  const length = dataKeyLength(req);
  const key = encryptionKey(ctx, req.KeyId, 'GenerateDataKey');
  dryRun(req.DryRun, 'GenerateDataKey');
  const plaintext = randomBytes(length);
  const { blob, material } = sealWithKey(ctx.state, key, plaintext, req.EncryptionContext);
  return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: keyArn(ctx.state, key.keyId), KeyMaterialId: material.id };
}

/** GenerateDataKeyWithoutPlaintext: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html; throws that page's exceptions. */
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

/** GenerateRandom: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html; throws that page's exceptions. */
export function generateRandom(ctx: EngineContext, req: KmsRequest<'GenerateRandom'>): KmsResponse<'GenerateRandom'> {
  if (req.NumberOfBytes === undefined) {
    throw new ValidationException('NumberOfBytes is required.'); // AWS's answer (LocalStack test_kms.snapshot.json); the schema says it first
  }
  ctx.assertCryptoReady();
  return { Plaintext: randomBytes(req.NumberOfBytes) };
}
