/**
 * Sign, Verify, GetPublicKey, GenerateMac, VerifyMac, DeriveSharedSecret, Encapsulate,
 * Decapsulate and GenerateDataKeyPair(WithoutPlaintext) (AWS KMS API Reference, e.g.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html).
 * Check order as in KMS: ValidationException (request) → NotFound → Disabled/InvalidState →
 * InvalidKeyUsage (operation, then algorithm) → message rules (ValidationException: message type
 * and digest length name the key spec or algorithm, so they follow the algorithm check, as AWS
 * answers for Ed25519 keys: https://github.com/floci-io/floci/pull/2930) → DryRun →
 * signature/MAC/ciphertext errors. Texts: data-rules.ts.
 */
import { DATA_KEY_PAIR_INFO, MAC_ALGORITHM_INFO, algorithmsFor, type KeyOperation } from '../../src-shared/kms/catalogue.js';
import {
  InvalidCiphertextException, KMSInvalidMacException, KMSInvalidSignatureException, KMSInvalidStateException,
  UnsupportedOperationException, ValidationException,
} from '../../src-shared/kms/errors.js';
import type { KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { ecdhDerive } from '../crypto/ecdh.js';
import { wipe } from '../crypto/guards.js';
import { hmac, hmacVerify, type HmacHash } from '../crypto/hmac.js';
import { mlKemDecapsulate, mlKemEncapsulate, ML_KEM_CIPHERTEXT_BYTES } from '../crypto/ml-kem.js';
import type { EngineContext } from './context.js';
import { keyArn, resolveKey } from './identifiers.js';
import { generateKeyPairFor, ML_KEM_LEVEL, signWith, verifyWith, type PreparedKeyPair } from './key-material.js';
import { assertAlgorithm, assertMessage, assertOperation, customerMasterKeySpec, dryRun } from './data-rules.js';
import { assertUsableForCrypto } from './key-rules.js';
import { currentMaterial, type KeyRecord, type MaterialVersion } from './model.js';
import { sealWithKey } from './symmetric.js';

/** Resolve (aliases accepted), check state and that the key's spec × usage allows the operation. */
function keyFor(ctx: EngineContext, keyId: string, operation: KeyOperation): { key: KeyRecord; material: MaterialVersion } {
  const key = resolveKey(ctx.state, keyId, { allowAlias: true });
  assertUsableForCrypto(ctx.state, key);
  assertOperation(ctx.state, key, operation);
  const material = currentMaterial(key);
  if (!material) throw new KMSInvalidStateException(`${keyArn(ctx.state, key.keyId)} has no key material.`);
  return { key, material };
}

function publicKeyOf(ctx: EngineContext, key: KeyRecord, material: MaterialVersion): Uint8Array {
  if (!material.publicKey) throw new KMSInvalidStateException(`${keyArn(ctx.state, key.keyId)} has no public key.`);
  return material.publicKey;
}

/** Sign: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html; throws that page's exceptions. */
export function sign(ctx: EngineContext, req: KmsRequest<'Sign'>): KmsResponse<'Sign'> {
  const messageType = req.MessageType ?? 'RAW';
  const { key, material } = keyFor(ctx, req.KeyId, 'Sign');
  assertAlgorithm(key, 'signingAlgorithms', req.SigningAlgorithm);
  assertMessage(key, req.SigningAlgorithm, messageType, req.Message);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  const signature = signWith(key.keySpec, material.bytes, req.SigningAlgorithm, req.Message, messageType !== 'RAW');
  return { KeyId: keyArn(ctx.state, key.keyId), Signature: signature, SigningAlgorithm: req.SigningAlgorithm };
}

/** Verify: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html; throws that page's exceptions. */
export function verify(ctx: EngineContext, req: KmsRequest<'Verify'>): KmsResponse<'Verify'> {
  const messageType = req.MessageType ?? 'RAW';
  const { key, material } = keyFor(ctx, req.KeyId, 'Verify');
  assertAlgorithm(key, 'signingAlgorithms', req.SigningAlgorithm);
  assertMessage(key, req.SigningAlgorithm, messageType, req.Message);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  if (!verifyWith(key.keySpec, publicKeyOf(ctx, key, material), req.SigningAlgorithm, req.Message, messageType !== 'RAW', req.Signature)) {
    // KMS never answers SignatureValid=false.
    // AWS's message is empty (recorded AWS answers: LocalStack test_kms.snapshot.json, "bad-signature").
    throw new KMSInvalidSignatureException('');
  }
  return { KeyId: keyArn(ctx.state, key.keyId), SignatureValid: true, SigningAlgorithm: req.SigningAlgorithm };
}

/** GetPublicKey: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html; throws that page's exceptions. */
export function getPublicKey(ctx: EngineContext, req: KmsRequest<'GetPublicKey'>): KmsResponse<'GetPublicKey'> {
  const { key, material } = keyFor(ctx, req.KeyId, 'GetPublicKey');
  const { MacAlgorithms: _none, ...algorithms } = algorithmsFor(key.keySpec, key.keyUsage);
  return {
    KeyId: keyArn(ctx.state, key.keyId),
    PublicKey: publicKeyOf(ctx, key, material).slice(),
    KeySpec: key.keySpec,
    ...customerMasterKeySpec(key),
    KeyUsage: key.keyUsage,
    ...algorithms,
  };
}

const HMAC_HASH: Record<'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512', HmacHash> = { 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** GenerateMac: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html; throws that page's exceptions. */
export function generateMac(ctx: EngineContext, req: KmsRequest<'GenerateMac'>): KmsResponse<'GenerateMac'> {
  const { key, material } = keyFor(ctx, req.KeyId, 'GenerateMac');
  assertAlgorithm(key, 'macAlgorithms', req.MacAlgorithm);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  const mac = hmac(HMAC_HASH[MAC_ALGORITHM_INFO[req.MacAlgorithm].hash], material.bytes, req.Message);
  return { KeyId: keyArn(ctx.state, key.keyId), Mac: mac, MacAlgorithm: req.MacAlgorithm };
}

/** VerifyMac: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html; throws that page's exceptions. */
export function verifyMac(ctx: EngineContext, req: KmsRequest<'VerifyMac'>): KmsResponse<'VerifyMac'> {
  const { key, material } = keyFor(ctx, req.KeyId, 'VerifyMac');
  assertAlgorithm(key, 'macAlgorithms', req.MacAlgorithm);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  if (!hmacVerify(HMAC_HASH[MAC_ALGORITHM_INFO[req.MacAlgorithm].hash], material.bytes, req.Message, req.Mac)) {
    throw new KMSInvalidMacException(''); // AWS's message is empty, as for KMSInvalidSignatureException; the UI explains it by name
  }
  return { KeyId: keyArn(ctx.state, key.keyId), MacValid: true, MacAlgorithm: req.MacAlgorithm };
}

/** DeriveSharedSecret: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html; throws that page's exceptions. */
export function deriveSharedSecret(ctx: EngineContext, req: KmsRequest<'DeriveSharedSecret'>): KmsResponse<'DeriveSharedSecret'> {
  const { key, material } = keyFor(ctx, req.KeyId, 'DeriveSharedSecret');
  assertAlgorithm(key, 'keyAgreementAlgorithms', req.KeyAgreementAlgorithm);
  ctx.assertCryptoReady();
  const curve = key.keySpec === 'ECC_NIST_P256' ? 'P-256' : key.keySpec === 'ECC_NIST_P384' ? 'P-384' : 'P-521';
  let secret: Uint8Array;
  try {
    secret = ecdhDerive(curve, material.bytes, req.PublicKey);
  } catch {
    // AWS answers an unusable peer key with an empty message (recorded: https://github.com/localstack/localstack/blob/main/tests/aws/services/kms/test_kms.snapshot.json).
    // A parameter error, so DryRun reports it too (https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html).
    throw new ValidationException('');
  }
  if (req.DryRun) wipe(secret);
  dryRun(req.DryRun);
  return { KeyId: keyArn(ctx.state, key.keyId), SharedSecret: secret, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: key.origin };
}

function kemLevel(key: KeyRecord) {
  const level = ML_KEM_LEVEL[key.keySpec];
  if (!level) throw new RangeError(`${key.keySpec} is not an ML-KEM spec`); // unreachable after assertOperation
  return level;
}

/** Encapsulate: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Encapsulate.html; throws that page's exceptions. */
export function encapsulate(ctx: EngineContext, req: KmsRequest<'Encapsulate'>): KmsResponse<'Encapsulate'> {
  const { key, material } = keyFor(ctx, req.KeyId, 'Encapsulate');
  assertAlgorithm(key, 'encapsulationAlgorithms', req.EncapsulationAlgorithm);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  const { sharedSecret, ciphertext } = mlKemEncapsulate(kemLevel(key), publicKeyOf(ctx, key, material));
  return { KeyId: keyArn(ctx.state, key.keyId), SharedSecret: sharedSecret, SharedSecretCiphertextBlob: ciphertext, EncapsulationAlgorithm: 'ML_KEM' };
}

/** Decapsulate: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_Decapsulate.html; throws that page's exceptions. */
export function decapsulate(ctx: EngineContext, req: KmsRequest<'Decapsulate'>): KmsResponse<'Decapsulate'> {
  const { key, material } = keyFor(ctx, req.KeyId, 'Decapsulate');
  assertAlgorithm(key, 'encapsulationAlgorithms', req.EncapsulationAlgorithm);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  const level = kemLevel(key);
  if (req.SharedSecretCiphertextBlob.length !== ML_KEM_CIPHERTEXT_BYTES[level]) {
    throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  }
  // A changed ciphertext of the right size decapsulates to an unrelated secret (implicit rejection, FIPS 203).
  const secret = mlKemDecapsulate(level, material.bytes, req.SharedSecretCiphertextBlob);
  return { KeyId: keyArn(ctx.state, key.keyId), SharedSecret: secret, EncapsulationAlgorithm: 'ML_KEM' };
}

/**
 * GenerateDataKeyPair(WithoutPlaintext)'s checks, in order, before the pair is generated
 * (also run by engine.prepare to decide whether to generate it ahead): the KMS key, its
 * state and usage, the pair spec, DryRun. Returns the KMS key; throws what the operation throws.
 */
export function checkDataKeyPair(ctx: EngineContext, req: KmsRequest<'GenerateDataKeyPair'>, operation: 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext'): KeyRecord {
  const key = resolveKey(ctx.state, req.KeyId, { allowAlias: true });
  assertUsableForCrypto(ctx.state, key);
  assertOperation(ctx.state, key, operation);
  const info = DATA_KEY_PAIR_INFO[req.KeyPairSpec];
  if (!info.offered) throw new UnsupportedOperationException(info.notOfferedReason ?? `KeyPairSpec ${req.KeyPairSpec} is not supported.`);
  ctx.assertCryptoReady();
  dryRun(req.DryRun);
  return key;
}

async function dataKeyPair(ctx: EngineContext, req: KmsRequest<'GenerateDataKeyPair'>, operation: 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext', prepared: PreparedKeyPair | undefined) {
  const key = checkDataKeyPair(ctx, req, operation);
  // Generated before the call reached the engine (engine.prepare), or now off the main
  // thread; the KMS key is looked up again afterwards in case it changed meanwhile.
  const pair = prepared?.take(req.KeyPairSpec) ?? (await generateKeyPairFor(req.KeyPairSpec));
  assertUsableForCrypto(ctx.state, key);
  const { blob, material } = sealWithKey(ctx.state, key, pair.privateKey, req.EncryptionContext);
  return { pair, blob, material, key };
}

/** GenerateDataKeyPair: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html; throws that page's exceptions. */
export async function generateDataKeyPair(ctx: EngineContext, req: KmsRequest<'GenerateDataKeyPair'>, prepared?: PreparedKeyPair): Promise<KmsResponse<'GenerateDataKeyPair'>> {
  const { pair, blob, material, key } = await dataKeyPair(ctx, req, 'GenerateDataKeyPair', prepared);
  return {
    PrivateKeyCiphertextBlob: blob,
    PrivateKeyPlaintext: pair.privateKey,
    PublicKey: pair.publicKey,
    KeyId: keyArn(ctx.state, key.keyId),
    KeyPairSpec: req.KeyPairSpec,
    KeyMaterialId: material.id,
  };
}

/** GenerateDataKeyPairWithoutPlaintext: request and response as in https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPairWithoutPlaintext.html; throws that page's exceptions. */
export async function generateDataKeyPairWithoutPlaintext(
  ctx: EngineContext, req: KmsRequest<'GenerateDataKeyPairWithoutPlaintext'>, prepared?: PreparedKeyPair,
): Promise<KmsResponse<'GenerateDataKeyPairWithoutPlaintext'>> {
  const { pair, blob, material, key } = await dataKeyPair(ctx, req, 'GenerateDataKeyPairWithoutPlaintext', prepared);
  wipe(pair.privateKey); // sealed above; the caller never sees it
  return { PrivateKeyCiphertextBlob: blob, PublicKey: pair.publicKey, KeyId: keyArn(ctx.state, key.keyId), KeyPairSpec: req.KeyPairSpec, KeyMaterialId: material.id };
}
