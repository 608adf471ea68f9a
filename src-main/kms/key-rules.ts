/**
 * Key-state and key-usage checks (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html,
 * whose table gives each state's exception and sentence: `<key ARN> is disabled.`,
 * `<key ARN> is pending deletion.`, `<key ARN> is pending import.`, `<key ARN> is unavailable.`).
 * Check order: ValidationException → NotFound → Disabled/InvalidState → key type (Unsupported/InvalidKeyUsage).
 */
import {
  DisabledException, InvalidKeyUsageException, KMSInvalidStateException, UnsupportedOperationException,
} from '../../src-shared/kms/errors.js';
import { CATALOGUE, operationsFor, usageEntry, type KeyOperation } from '../../src-shared/kms/catalogue.js';
import type { KeyUsage } from '../../src-shared/kms/enums.js';
import type { VaultState, KeyRecord } from './model.js';
import { keyArn } from './identifiers.js';

/** Crypto operations: Enabled only. */
export function assertUsableForCrypto(state: VaultState, key: KeyRecord): void {
  if (key.state === 'Enabled' || key.state === 'Updating') return;
  throw stateException(keyArn(state, key.keyId), key.state);
}

/** The exception and sentence of the key-state table for a state an operation does not take. */
function stateException(arn: string, state: KeyRecord['state']): DisabledException | KMSInvalidStateException {
  switch (state) {
    case 'Disabled':
      return new DisabledException(`${arn} is disabled.`);
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      return new KMSInvalidStateException(`${arn} is pending deletion.`);
    case 'PendingImport':
      return new KMSInvalidStateException(`${arn} is pending import.`);
    case 'Unavailable':
      return new KMSInvalidStateException(`${arn} is unavailable.`);
    default:
      // Creating/Updating are transient states the table does not list; our sentence, in the table's form.
      return new KMSInvalidStateException(`${arn} is ${state === 'Creating' ? 'being created' : 'being updated'}.`);
  }
}

/** CreateAlias, Tag/UntagResource, UpdateKeyDescription, ScheduleKeyDeletion: not PendingDeletion. */
export function assertNotPendingDeletion(state: VaultState, key: KeyRecord): void {
  if (key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion') {
    throw new KMSInvalidStateException(`${keyArn(state, key.keyId)} is pending deletion.`);
  }
}

/** Enable/DisableKey: Enabled, Disabled, Unavailable. */
export function assertEnableDisableAllowed(state: VaultState, key: KeyRecord): void {
  if (key.state === 'Enabled' || key.state === 'Disabled' || key.state === 'Unavailable') return;
  throw stateException(keyArn(state, key.keyId), key.state);
}

/** Encrypt and data-key operations need a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT key; else InvalidKeyUsageException. */
export function assertSymmetricEncryptionKey(state: VaultState, key: KeyRecord, operation: string): void {
  if (key.keyUsage !== 'ENCRYPT_DECRYPT' || key.keySpec !== 'SYMMETRIC_DEFAULT') {
    const arn = keyArn(state, key.keyId);
    if (key.keyUsage !== 'ENCRYPT_DECRYPT') {
      throw new InvalidKeyUsageException(`${arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
    }
    throw new InvalidKeyUsageException(`${arn} key spec is ${key.keySpec} which is not valid for ${operation}.`);
  }
}

/** A symmetric key takes no algorithm or SYMMETRIC_DEFAULT; else InvalidKeyUsageException. */
export function assertAlgorithm(state: VaultState, key: KeyRecord, algorithm: string | undefined, operation: string): void {
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') {
    throw new InvalidKeyUsageException(
      `${keyArn(state, key.keyId)} encryption algorithm ${algorithm} is not valid for ${operation} with a ${key.keySpec} key; use SYMMETRIC_DEFAULT.`,
    );
  }
}

/**
 * Enable/DisableKeyRotation and RotateKeyOnDemand (key-state table, footnotes 1, 3, 5 and 7;
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html). The key state
 * is checked before the key type: RotateKeyOnDemand on a disabled RSA key is DisabledException
 * (recorded AWS answer; a key pending import is `is pending import.` whatever its spec). Then a
 * key that is not a symmetric encryption key is UnsupportedOperationException with an empty
 * message (recorded AWS answer for RotateKeyOnDemand; we answer Enable/DisableKeyRotation the
 * same way), and imported key material is `<key ARN> origin is EXTERNAL which is not valid for
 * this operation.`
 */
export function assertRotatable(state: VaultState, key: KeyRecord): void {
  const arn = keyArn(state, key.keyId);
  if (key.state !== 'Enabled') throw stateException(arn, key.state);
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException('');
  if (key.origin !== 'AWS_KMS') {
    throw new UnsupportedOperationException(`${arn} origin is ${key.origin} which is not valid for this operation.`);
  }
}

/**
 * The catalogue decides which operations a spec × usage allows. A wrong usage or spec is
 * InvalidKeyUsageException in KMS's words ("<arn> key usage is SIGN_VERIFY which is not
 * valid for Encrypt."); GetPublicKey on a key without one is UnsupportedOperationException.
 */
export function assertOperationAllowed(state: VaultState, key: KeyRecord, operation: KeyOperation): void {
  if (operationsFor(key.keySpec, key.keyUsage).includes(operation)) return;
  const arn = keyArn(state, key.keyId);
  if (operation === 'GetPublicKey' && !CATALOGUE[key.keySpec].hasPublicKey) {
    throw new UnsupportedOperationException(`${arn} key spec is ${key.keySpec}, which has no public key. GetPublicKey works on asymmetric keys only.`);
  }
  // Is the usage right for this operation with some other spec? Then the spec is what is wrong.
  const usageFits = Object.values(CATALOGUE).some((e) => e.offered && usageEntry(e.spec, key.keyUsage)?.operations.includes(operation));
  if (usageFits) throw new InvalidKeyUsageException(`${arn} key spec is ${key.keySpec} which is not valid for ${operation}.`);
  throw new InvalidKeyUsageException(`${arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
}

type AlgorithmList = 'encryptionAlgorithms' | 'signingAlgorithms' | 'macAlgorithms' | 'keyAgreementAlgorithms' | 'encapsulationAlgorithms';

/** An algorithm the key's catalogue entry does not list: InvalidKeyUsageException naming the valid ones. */
export function assertAlgorithmFor(state: VaultState, key: KeyRecord, list: AlgorithmList, algorithm: string | undefined, operation: string): void {
  const allowed: readonly string[] = usageEntry(key.keySpec, key.keyUsage as KeyUsage)?.[list] ?? [];
  if (algorithm !== undefined && allowed.includes(algorithm)) return;
  const arn = keyArn(state, key.keyId);
  const what = algorithm === undefined ? `${operation} with a ${key.keySpec} key requires an algorithm` : `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec} (${arn}) for ${operation}`;
  throw new InvalidKeyUsageException(`${what}; use ${allowed.join(' or ')}.`);
}
