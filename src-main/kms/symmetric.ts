/**
 * Symmetric encryption with a key's material: AES-256-GCM into a self-describing blob
 * (blob.ts) with the encryption context bound as AAD.
 */
import { IncorrectKeyException, InvalidCiphertextException } from '../../src-shared/kms/errors.js';
import { aesGcmOpen, aesGcmSeal, GCM_IV_BYTES } from '../crypto/aes-gcm.js';
import { randomBytes } from '../crypto/random.js';
import { encodeBlobHeader, joinBlob, parseBlob, type ParsedBlob } from './blob.js';
import { concatBytes } from '../crypto/bytes.js';
import { encodeEncryptionContext, type EncryptionContext } from './encryption-context.js';
import { keyArn, resolveKey } from './identifiers.js';
import { currentMaterial, type KeyRecord, type MaterialVersion, type VaultState } from './model.js';

/** Encrypt under the key's current material into a blob (blob.ts); InvalidCiphertextException when it has none. */
export function sealWithKey(state: VaultState, key: KeyRecord, plaintext: Uint8Array, context: EncryptionContext | undefined): { blob: Uint8Array; material: MaterialVersion } {
  const material = currentMaterial(key);
  if (!material) throw new InvalidCiphertextException(`${keyArn(state, key.keyId)} has no key material.`);
  const header = encodeBlobHeader({ vaultId: state.vaultId, keyId: key.keyId, materialId: material.id, iv: randomBytes(GCM_IV_BYTES) });
  const sealed = aesGcmSeal(material.bytes, header.subarray(header.length - GCM_IV_BYTES), plaintext, concatBytes(header, encodeEncryptionContext(context)));
  return { blob: joinBlob(header, sealed), material };
}

/**
 * Parse a blob and find its key. Structure and vault checks come first (a foreign blob
 * names no key here); a KeyId in the request must exist (NotFound) before state checks.
 */
export function keyOfBlob(state: VaultState, blob: Uint8Array, requestedKeyId: string | undefined): { parsed: ParsedBlob; key: KeyRecord; requested?: KeyRecord } {
  const parsed = parseBlob(blob);
  if (parsed.vaultId !== state.vaultId) {
    throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  }
  const requested = requestedKeyId === undefined ? undefined : resolveKey(state, requestedKeyId, { allowAlias: true });
  const key = resolveKey(state, parsed.keyId, { allowAlias: false });
  return requested ? { parsed, key, requested } : { parsed, key };
}

/** Decrypt with a KeyId that names another key: IncorrectKeyException (after state checks). */
export function assertRequestedKey(key: KeyRecord, requested: KeyRecord | undefined): void {
  if (requested && requested.keyId !== key.keyId) {
    throw new IncorrectKeyException('The key ID in the request does not identify the key that encrypted the ciphertext.');
  }
}

/** Decrypt a parsed blob with the material it names; InvalidCiphertextException for any failure (one message: no oracle). */
export function openWithKey(key: KeyRecord, parsed: ParsedBlob, context: EncryptionContext | undefined): { plaintext: Uint8Array; material: MaterialVersion } {
  const material = key.materials.find((m) => m.id === parsed.materialId);
  if (!material) throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  try {
    const plaintext = aesGcmOpen(material.bytes, parsed.iv, parsed.sealed, concatBytes(parsed.header, encodeEncryptionContext(context)));
    return { plaintext, material };
  } catch {
    // One message for a changed byte and a wrong context: telling them apart would be an oracle.
    throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  }
}
