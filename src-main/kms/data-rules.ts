/**
 * The rules of the cryptographic operations, in AWS KMS's words: which key usage and spec an
 * operation takes, which algorithms a key takes, the message-type rules of Sign/Verify, DryRun
 * and IncorrectKey. The key-state checks stay in key-rules.ts.
 *
 * Sources for the texts (AWS answers recorded by clients and emulator test suites run against AWS):
 * - "<key ARN> key usage is SIGN_VERIFY which is not valid for Encrypt.", "Algorithm HMAC_SHA_512 is
 *   incompatible with key spec HMAC_256.", "Digest is invalid length for algorithm ECDSA_SHA_256.",
 *   "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.",
 *   the IncorrectKeyException and DryRun texts: LocalStack's snapshot of AWS answers,
 *   https://github.com/localstack/localstack/blob/main/tests/aws/services/kms/test_kms.snapshot.json
 * - "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096." (Encrypt with an RSA key and
 *   no algorithm): https://github.com/getsops/sops/issues/684; the same text for Sign:
 *   https://github.com/JackOfMostTrades/aws-kms-pkcs11/issues/18
 * - Message-type texts of ML-DSA and Ed25519 keys, measured against AWS:
 *   https://github.com/floci-io/floci/issues/3025 and https://github.com/floci-io/floci/pull/2930
 */
import { CATALOGUE, SIGNING_ALGORITHM_INFO, operationsFor, usageEntry, type KeyOperation, type UsageEntry } from '../../src-shared/kms/catalogue.js';
import { customerMasterKeySpecOf } from './metadata.js';
import type { MessageType, SigningAlgorithmSpec } from '../../src-shared/kms/enums.js';
import { DryRunOperationException, IncorrectKeyException, InvalidKeyUsageException, UnsupportedOperationException, ValidationException } from '../../src-shared/kms/errors.js';
import { keyArn } from './identifiers.js';
import type { KeyRecord, VaultState } from './model.js';

/** DryRunOperationException's text (https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html; recorded answer above). */
export const DRY_RUN_MESSAGE = 'The request would have succeeded, but the DryRun option is set.';

/** After every other check: DryRun set → DryRunOperationException (AWS's text). */
export function dryRun(flag: boolean | undefined): void {
  if (flag) throw new DryRunOperationException(DRY_RUN_MESSAGE);
}

/** IncorrectKeyException's text (AWS's, recorded for Decrypt and ReEncrypt; see the file comment). */
export const INCORRECT_KEY_MESSAGE = 'The key ID in the request does not identify a CMK that can perform this operation.';

/** Decrypt/ReEncrypt naming a key other than the one that encrypted: IncorrectKeyException (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html). */
export function assertSameKey(key: KeyRecord, requested: KeyRecord | undefined): void {
  if (requested && requested.keyId !== key.keyId) throw new IncorrectKeyException(INCORRECT_KEY_MESSAGE);
}

/**
 * The key's usage and spec allow `operation` (the catalogue decides). A wrong usage is
 * InvalidKeyUsageException "<arn> key usage is <usage> which is not valid for <operation>."
 * (AWS's text). A right usage with a wrong spec (an RSA ENCRYPT_DECRYPT key for
 * GenerateDataKey) says "key KeySpec is ..." as local-kms words it
 * (https://github.com/nsmithuk/local-kms/blob/master/src/handler/generate_data_key.go); AWS's own
 * text for that case is not recorded. GetPublicKey of a key without a public key is
 * UnsupportedOperationException (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html)
 * with an empty message, as local-kms answers it
 * (https://github.com/nsmithuk/local-kms/blob/master/src/handler/get_public_key.go) and as AWS
 * answers other UnsupportedOperationExceptions of a key spec (LocalStack's snapshot, RotateKeyOnDemand).
 */
export function assertOperation(state: VaultState, key: KeyRecord, operation: KeyOperation): UsageEntry {
  const entry = usageEntry(key.keySpec, key.keyUsage);
  if (entry && operationsFor(key.keySpec, key.keyUsage).includes(operation)) return entry;
  const arn = keyArn(state, key.keyId);
  if (operation === 'GetPublicKey' && !CATALOGUE[key.keySpec].hasPublicKey) {
    throw new UnsupportedOperationException('');
  }
  const usageFits = Object.values(CATALOGUE).some((e) => e.offered && usageEntry(e.spec, key.keyUsage)?.operations.includes(operation));
  if (usageFits) throw new InvalidKeyUsageException(`${arn} key KeySpec is ${key.keySpec} which is not valid for ${operation}.`);
  throw new InvalidKeyUsageException(`${arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
}

type AlgorithmList = 'encryptionAlgorithms' | 'signingAlgorithms' | 'macAlgorithms' | 'keyAgreementAlgorithms' | 'encapsulationAlgorithms';

/**
 * An algorithm the key does not list: InvalidKeyUsageException "Algorithm <alg> is incompatible
 * with key spec <spec>." (AWS's text, for encryption, signing and MAC algorithms alike). An
 * omitted EncryptionAlgorithm is SYMMETRIC_DEFAULT, its documented default
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html#KMS-Encrypt-request-EncryptionAlgorithm).
 */
export function assertAlgorithm(key: KeyRecord, list: AlgorithmList, algorithm: string | undefined): string {
  const chosen = algorithm ?? (list === 'encryptionAlgorithms' ? 'SYMMETRIC_DEFAULT' : undefined);
  const allowed: readonly string[] = usageEntry(key.keySpec, key.keyUsage)?.[list] ?? [];
  if (chosen !== undefined && allowed.includes(chosen)) return chosen;
  throw new InvalidKeyUsageException(`Algorithm ${chosen ?? 'null'} is incompatible with key spec ${key.keySpec}.`);
}

/** RSA-OAEP over more than the key holds: ValidationException in AWS's words (recorded, see the file comment). */
export function assertRsaPlaintextFits(key: KeyRecord, algorithm: string, length: number, max: number): void {
  if (length > max) throw new ValidationException(`Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.`);
}

/**
 * Sign/Verify message rules, after the algorithm check (ValidationException):
 * a message type the algorithm does not take is "Message type DIGEST is incompatible with key
 * spec ML_DSA_44." for ML-DSA keys and "... with algorithm ED25519_SHA_512." for Ed25519 keys
 * (both measured, see the file comment); RSA and ECC keys never take EXTERNAL_MU, worded like
 * ML-DSA's (our choice: not recorded). A DIGEST of the wrong length is "Digest is invalid length
 * for algorithm <alg>." (recorded); a μ of the wrong length follows the same form (our choice).
 * Lengths: https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html#KMS-Sign-request-MessageType
 */
export function assertMessage(key: KeyRecord, algorithm: SigningAlgorithmSpec, messageType: MessageType, message: Uint8Array): void {
  const info = SIGNING_ALGORITHM_INFO[algorithm];
  if (!info.messageTypes.includes(messageType)) {
    const what = key.keySpec === 'ECC_NIST_EDWARDS25519' ? `algorithm ${algorithm}` : `key spec ${key.keySpec}`;
    throw new ValidationException(`Message type ${messageType} is incompatible with ${what}.`);
  }
  if (messageType !== 'RAW' && message.length !== info.digestBytes) {
    const what = messageType === 'EXTERNAL_MU' ? 'External Mu' : 'Digest';
    throw new ValidationException(`${what} is invalid length for algorithm ${algorithm}.`);
  }
}

/**
 * EncryptionContext with an asymmetric key: ValidationException. AWS documents the rule
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html#KMS-Encrypt-request-EncryptionContext);
 * the text is the one emulators measured against AWS carry (e.g. floci's KmsService), not in AWS's documentation.
 */
export function assertNoContext(context: Record<string, string> | undefined): void {
  if (context && Object.keys(context).length > 0) {
    throw new ValidationException('EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.');
  }
}

/** `{ CustomerMasterKeySpec }` when the spec is in the deprecated enum, else nothing (Ed25519, ML-DSA and ML-KEM keys have no such value). */
export function customerMasterKeySpec(key: KeyRecord): { CustomerMasterKeySpec?: KeyRecord['keySpec'] } {
  const spec = customerMasterKeySpecOf(key.keySpec);
  return spec === undefined ? {} : { CustomerMasterKeySpec: spec };
}
