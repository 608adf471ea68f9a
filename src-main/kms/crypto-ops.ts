/** Encrypt, Decrypt, ReEncrypt (AES-256-GCM blobs and raw RSA-OAEP), GenerateDataKey(WithoutPlaintext), GenerateRandom. */
import { maxPlaintextBytes, type KeyOperation } from '../../src-shared/kms/catalogue.js';
import type { EncryptionAlgorithmSpec } from '../../src-shared/kms/enums.js';
import { InvalidCiphertextException, ValidationException } from '../../src-shared/kms/errors.js';
import type { KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { wipe } from '../crypto/guards.js';
import { randomBytes } from '../crypto/random.js';
import { rsaOaepDecrypt, rsaOaepEncrypt, rsaPrivateKey, rsaPublicKey } from '../crypto/rsa.js';
import type { EngineContext } from './context.js';
import { keyArn, resolveKey } from './identifiers.js';
import { assertAlgorithm, assertNoContext, assertOperation, assertRsaPlaintextFits, dryRun } from './data-rules.js';
import type { EncryptionContext } from './encryption-context.js';
import { assertUsableForCrypto } from './key-rules.js';
import { currentMaterial, type KeyRecord, type MaterialVersion } from './model.js';
import { keyOfBlob, openWithKey, sealWithKey } from './symmetric.js';

/**
 * The key of an encrypting operation, checked in KMS's order: NotFound → Disabled/InvalidState →
 * key usage → algorithm (an omitted one is SYMMETRIC_DEFAULT) → self-tests. Returns the algorithm.
 */
function encryptionKey(ctx: EngineContext, keyId: string, operation: KeyOperation, algorithm: string | undefined): { key: KeyRecord; algorithm: EncryptionAlgorithmSpec } {
  const key = resolveKey(ctx.state, keyId, { allowAlias: true });
  return { key, algorithm: checkEncryptionKey(ctx, key, operation, algorithm) };
}

function checkEncryptionKey(ctx: EngineContext, key: KeyRecord, operation: KeyOperation, algorithm: string | undefined): EncryptionAlgorithmSpec {
  assertUsableForCrypto(ctx.state, key);
  assertOperation(ctx.state, key, operation);
  const chosen = assertAlgorithm(key, 'encryptionAlgorithms', algorithm) as EncryptionAlgorithmSpec; // a member of the key's catalogue list
  ctx.assertCryptoReady();
  return chosen;
}

type OaepAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256';
const OAEP_HASH = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' } as const;

/** The RSA material of a key already checked by encryptionKey (one material version: asymmetric keys do not rotate). */
function rsaMaterial(ctx: EngineContext, key: KeyRecord): MaterialVersion & { publicKey: Uint8Array } {
  const m = currentMaterial(key);
  if (!m?.publicKey) throw new InvalidCiphertextException(`${keyArn(ctx.state, key.keyId)} has no key material.`);
  return { ...m, publicKey: m.publicKey };
}

/** Raw RSA-OAEP: the ciphertext is exactly what a client with the public key would produce. */
function rsaEncrypt(ctx: EngineContext, key: KeyRecord, algorithm: OaepAlgorithm, plaintext: Uint8Array): Uint8Array {
  return rsaOaepEncrypt(rsaPublicKey(rsaMaterial(ctx, key).publicKey), OAEP_HASH[algorithm], plaintext);
}

function rsaDecrypt(ctx: EngineContext, key: KeyRecord, algorithm: OaepAlgorithm, ciphertext: Uint8Array): Uint8Array {
  const material = rsaMaterial(ctx, key);
  try {
    return rsaOaepDecrypt(rsaPrivateKey(material.bytes), OAEP_HASH[algorithm], ciphertext);
  } catch {
    // One message for every failure: distinguishing them would be a padding oracle.
    throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  }
}

/** The RSA-OAEP length limit (ValidationException in AWS's words), checked before DryRun. */
function checkRsaLength(key: KeyRecord, algorithm: EncryptionAlgorithmSpec, plaintext: Uint8Array): void {
  assertRsaPlaintextFits(key, algorithm, plaintext.length, maxPlaintextBytes(key.keySpec, algorithm) ?? 0);
}

/**
 * Whether a Decrypt/ReEncrypt source is a raw asymmetric ciphertext: the request names a
 * non-symmetric key and an algorithm other than SYMMETRIC_DEFAULT (then that key's usage and
 * algorithms are checked: a signing key is InvalidKeyUsageException; our choice, AWS's answer is
 * not recorded). Otherwise the ciphertext is read as a symmetric blob, so a defaulted algorithm
 * with an RSA key is InvalidCiphertextException (measured against AWS:
 * https://github.com/floci-io/floci/pull/3038) and a KeyId naming an HMAC or signing key is
 * IncorrectKeyException (recorded, see symmetric.ts keyOfBlob).
 */
function isRawAsymmetric(key: KeyRecord | undefined, algorithm: string | undefined): key is KeyRecord {
  return key !== undefined && key.keySpec !== 'SYMMETRIC_DEFAULT' && algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT';
}

function namedKey(ctx: EngineContext, keyId: string | undefined): KeyRecord | undefined {
  return keyId === undefined ? undefined : resolveKey(ctx.state, keyId, { allowAlias: true });
}

/** What Decrypt and ReEncrypt learn about their source before DryRun; `open` decrypts. */
interface Source {
  key: KeyRecord;
  algorithm: EncryptionAlgorithmSpec;
  /** The plaintext, and the key material id when the key is symmetric (AWS returns it only then). */
  open: () => { plaintext: Uint8Array; materialId?: string };
}

/** The source side of Decrypt/ReEncrypt, every check but DryRun done. */
function source(ctx: EngineContext, operation: 'Decrypt' | 'ReEncrypt', keyId: string | undefined, algorithm: string | undefined, blob: Uint8Array, context: EncryptionContext | undefined): Source {
  const named = namedKey(ctx, keyId);
  if (isRawAsymmetric(named, algorithm)) {
    // RSA ciphertexts are raw, so KMS needs KeyId and EncryptionAlgorithm (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html).
    const chosen = checkEncryptionKey(ctx, named, operation, algorithm);
    assertNoContext(context);
    const oaep = chosen as OaepAlgorithm; // RSA keys list only the OAEP algorithms
    return { key: named, algorithm: chosen, open: () => ({ plaintext: rsaDecrypt(ctx, named, oaep, blob) }) };
  }
  const { parsed, key } = keyOfBlob(ctx.state, blob, named);
  const chosen = checkEncryptionKey(ctx, key, operation, algorithm);
  return { key, algorithm: chosen, open: () => { const r = openWithKey(key, parsed, context); return { plaintext: r.plaintext, materialId: r.material.id }; } };
}

/** Encrypt: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html (no KeyMaterialId in the response); throws that page's exceptions. */
export function encrypt(ctx: EngineContext, req: KmsRequest<'Encrypt'>): KmsResponse<'Encrypt'> {
  const { key, algorithm } = encryptionKey(ctx, req.KeyId, 'Encrypt', req.EncryptionAlgorithm);
  const arn = keyArn(ctx.state, key.keyId);
  if (algorithm !== 'SYMMETRIC_DEFAULT') {
    assertNoContext(req.EncryptionContext);
    checkRsaLength(key, algorithm, req.Plaintext);
    dryRun(req.DryRun);
    return { CiphertextBlob: rsaEncrypt(ctx, key, algorithm as OaepAlgorithm, req.Plaintext), KeyId: arn, EncryptionAlgorithm: algorithm }; // RSA keys list only OAEP
  }
  dryRun(req.DryRun);
  const { blob } = sealWithKey(ctx.state, key, req.Plaintext, req.EncryptionContext);
  return { CiphertextBlob: blob, KeyId: arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
}

/**
 * Decrypt: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html;
 * KeyMaterialId only for symmetric keys (that page, "KeyMaterialId"). Throws that page's exceptions.
 */
export function decrypt(ctx: EngineContext, req: KmsRequest<'Decrypt'>): KmsResponse<'Decrypt'> {
  const src = source(ctx, 'Decrypt', req.KeyId, req.EncryptionAlgorithm, req.CiphertextBlob, req.EncryptionContext);
  dryRun(req.DryRun);
  const { plaintext, materialId } = src.open();
  return { KeyId: keyArn(ctx.state, src.key.keyId), Plaintext: plaintext, EncryptionAlgorithm: src.algorithm, ...(materialId ? { KeyMaterialId: materialId } : {}) };
}

/**
 * ReEncrypt: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html;
 * SourceKeyMaterialId / DestinationKeyMaterialId only for a symmetric source / destination key
 * (that page, "Response Elements"). Throws that page's exceptions.
 */
export function reEncrypt(ctx: EngineContext, req: KmsRequest<'ReEncrypt'>): KmsResponse<'ReEncrypt'> {
  const src = source(ctx, 'ReEncrypt', req.SourceKeyId, req.SourceEncryptionAlgorithm, req.CiphertextBlob, req.SourceEncryptionContext);
  const { key: destination, algorithm } = encryptionKey(ctx, req.DestinationKeyId, 'ReEncrypt', req.DestinationEncryptionAlgorithm);
  if (algorithm !== 'SYMMETRIC_DEFAULT') assertNoContext(req.DestinationEncryptionContext);
  dryRun(req.DryRun);
  const { plaintext, materialId: sourceMaterialId } = src.open();
  try {
    let blob: Uint8Array;
    let destinationMaterialId: string | undefined;
    if (algorithm === 'SYMMETRIC_DEFAULT') {
      const sealed = sealWithKey(ctx.state, destination, plaintext, req.DestinationEncryptionContext);
      blob = sealed.blob;
      destinationMaterialId = sealed.material.id;
    } else {
      checkRsaLength(destination, algorithm, plaintext);
      blob = rsaEncrypt(ctx, destination, algorithm as OaepAlgorithm, plaintext); // RSA keys list only OAEP
    }
    return {
      CiphertextBlob: blob,
      SourceKeyId: keyArn(ctx.state, src.key.keyId),
      KeyId: keyArn(ctx.state, destination.keyId),
      SourceEncryptionAlgorithm: src.algorithm,
      DestinationEncryptionAlgorithm: algorithm,
      ...(sourceMaterialId ? { SourceKeyMaterialId: sourceMaterialId } : {}),
      ...(destinationMaterialId ? { DestinationKeyMaterialId: destinationMaterialId } : {}),
    };
  } finally {
    wipe(plaintext); // the caller never sees it
  }
}

const DATA_KEY_BYTES = { AES_256: 32, AES_128: 16 } as const;

function dataKeyLength(req: KmsRequest<'GenerateDataKey'>): number {
  if ((req.NumberOfBytes === undefined) === (req.KeySpec === undefined)) {
    // AWS's text (recorded by moto and floci, which test against AWS): https://github.com/getmoto/moto/blob/master/moto/kms/responses.py
    throw new ValidationException('Please specify either number of bytes or key spec.');
  }
  return req.NumberOfBytes ?? DATA_KEY_BYTES[req.KeySpec!]; // exactly one is set (checked above)
}

/** The symmetric encryption key of a data-key operation: NotFound → state → usage/spec → self-tests. */
function dataKeyKey(ctx: EngineContext, keyId: string, operation: KeyOperation): KeyRecord {
  const key = resolveKey(ctx.state, keyId, { allowAlias: true });
  assertUsableForCrypto(ctx.state, key);
  assertOperation(ctx.state, key, operation);
  ctx.assertCryptoReady();
  return key;
}

/** GenerateDataKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html; throws that page's exceptions. */
export function generateDataKey(ctx: EngineContext, req: KmsRequest<'GenerateDataKey'>): KmsResponse<'GenerateDataKey'> {
  const length = dataKeyLength(req);
  const key = dataKeyKey(ctx, req.KeyId, 'GenerateDataKey');
  dryRun(req.DryRun);
  const plaintext = randomBytes(length);
  const { blob, material } = sealWithKey(ctx.state, key, plaintext, req.EncryptionContext);
  return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: keyArn(ctx.state, key.keyId), KeyMaterialId: material.id };
}

/** GenerateDataKeyWithoutPlaintext: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html; throws that page's exceptions. */
export function generateDataKeyWithoutPlaintext(ctx: EngineContext, req: KmsRequest<'GenerateDataKeyWithoutPlaintext'>): KmsResponse<'GenerateDataKeyWithoutPlaintext'> {
  const length = dataKeyLength(req);
  const key = dataKeyKey(ctx, req.KeyId, 'GenerateDataKeyWithoutPlaintext');
  dryRun(req.DryRun);
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
    throw new ValidationException('NumberOfBytes is required.'); // AWS's text (recorded: see data-rules.ts)
  }
  ctx.assertCryptoReady();
  return { Plaintext: randomBytes(req.NumberOfBytes) };
}
