/**
 * Key-state checks shared by the control and data planes (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html,
 * whose table gives each state's exception and sentence: `<key ARN> is disabled.`,
 * `<key ARN> is pending deletion.`, `<key ARN> is pending import.`, `<key ARN> is unavailable.`).
 * Check order: ValidationException → NotFound → Disabled/InvalidState → key type (Unsupported/InvalidKeyUsage).
 */
import {
  DisabledException, KMSInvalidStateException, UnsupportedOperationException,
} from '../../src-shared/kms/errors.js';
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
