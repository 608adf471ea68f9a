import type { KeyMetadata } from '../../src-shared/kms/types.js';
import { algorithmsFor } from '../../src-shared/kms/catalogue.js';
import { keyArn } from './identifiers.js';
import { currentMaterial, type KeyRecord, type VaultState } from './model.js';

/** A key's KeyMetadata as KMS returns it (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html). */
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
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    MultiRegion: false,
  };
  Object.assign(md, algorithmsFor(key.keySpec, key.keyUsage)); // the *Algorithms lists that match the usage
  if (key.deletionDate !== undefined) md.DeletionDate = new Date(key.deletionDate);
  if (key.pendingWindowInDays !== undefined) md.PendingDeletionWindowInDays = key.pendingWindowInDays;
  const current = currentMaterial(key);
  if (current && key.keySpec === 'SYMMETRIC_DEFAULT') md.CurrentKeyMaterialId = current.id;
  return md;
}
