import type { KeyMetadata } from '../../src-shared/kms/types.js';
import type { KeySpec } from '../../src-shared/kms/enums.js';
import { algorithmsFor } from '../../src-shared/kms/catalogue.js';
import { keyArn } from './identifiers.js';
import { currentMaterial, type KeyRecord, type VaultState } from './model.js';

/**
 * The deprecated CustomerMasterKeySpec enum of the KMS API model: the specs that existed when
 * KeySpec replaced it. Ed25519, ML-DSA and ML-KEM are not in it
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html#KMS-Type-KeyMetadata-CustomerMasterKeySpec).
 */
export const CUSTOMER_MASTER_KEY_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2',
] as const satisfies readonly KeySpec[];

/**
 * The CustomerMasterKeySpec value for a key spec, or undefined for a spec the deprecated enum
 * lacks. KeyMetadata then leaves the member out (our choice: AWS documents the member as "the
 * same value" as KeySpec and its enum has no such value, so no value can be sent).
 */
export function customerMasterKeySpecOf(spec: KeySpec): (typeof CUSTOMER_MASTER_KEY_SPECS)[number] | undefined {
  return CUSTOMER_MASTER_KEY_SPECS.find((s) => s === spec);
}

/**
 * A key's KeyMetadata as KMS returns it from CreateKey and DescribeKey, each member present
 * exactly when AWS sends it (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html):
 * DeletionDate only while PendingDeletion; PendingDeletionWindowInDays only for a multi-Region
 * primary key in PendingReplicaDeletion (never here); CurrentKeyMaterialId only for symmetric
 * encryption keys; the *Algorithms list that matches the key usage; CustomerMasterKeySpec only
 * for specs its deprecated enum has.
 */
export function toKeyMetadata(state: VaultState, key: KeyRecord): KeyMetadata {
  const md: KeyMetadata = {
    AWSAccountId: state.settings.accountId,
    KeyId: key.keyId,
    Arn: keyArn(state, key.keyId),
    CreationDate: new Date(key.creationDate),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    Origin: key.origin,
    KeyManager: key.keyManager ?? 'CUSTOMER',
    KeySpec: key.keySpec,
    MultiRegion: false,
  };
  const cmkSpec = customerMasterKeySpecOf(key.keySpec);
  if (cmkSpec !== undefined) md.CustomerMasterKeySpec = cmkSpec;
  Object.assign(md, algorithmsFor(key.keySpec, key.keyUsage)); // the *Algorithms lists that match the usage
  if (key.state === 'PendingDeletion' && key.deletionDate !== undefined) md.DeletionDate = new Date(key.deletionDate);
  if (key.state === 'PendingReplicaDeletion' && key.pendingWindowInDays !== undefined) md.PendingDeletionWindowInDays = key.pendingWindowInDays;
  const current = currentMaterial(key);
  if (current && key.keySpec === 'SYMMETRIC_DEFAULT') md.CurrentKeyMaterialId = current.id;
  return md;
}
