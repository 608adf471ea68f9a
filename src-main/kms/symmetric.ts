/**
 * Symmetric encryption with a key's material: AES-256-GCM into a self-describing blob
 * (blob.ts) with the encryption context bound as AAD.
 */
import { InvalidCiphertextException } from '../../src-shared/kms/errors.js';
import { aesGcmOpen, aesGcmSeal, GCM_IV_BYTES } from '../crypto/aes-gcm.js';
import { randomBytes } from '../crypto/random.js';
import { encodeBlobHeader, joinBlob, parseBlob, type ParsedBlob } from './blob.js';
import { concatBytes } from '../crypto/bytes.js';
import { encodeEncryptionContext, type EncryptionContext } from './encryption-context.js';
import { assertSameKey } from './data-rules.js';
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
 * Parse a blob and find its key. The request's KeyId was resolved by the caller (NotFound
 * first); structure and vault checks come next (a foreign blob names no key here); the KeyId must
 * name the key that encrypted (IncorrectKeyException) before any state or usage check: KMS decides which key
 * to use before it checks that key (LocalStack's order, whose IncorrectKey answers are
 * recorded against AWS: https://github.com/localstack/localstack/blob/main/tests/aws/services/kms/test_kms.snapshot.json).
 * So a KeyId naming an HMAC, signing or RSA key is IncorrectKeyException, as on AWS.
 */
export function keyOfBlob(state: VaultState, blob: Uint8Array, requested: KeyRecord | undefined): { parsed: ParsedBlob; key: KeyRecord } {
  const parsed = parseBlob(blob);
  if (parsed.vaultId !== state.vaultId) {
    throw new InvalidCiphertextException('The ciphertext was made by another Keyward vault, or it was changed.');
  }
  const key = resolveKey(state, parsed.keyId, { allowAlias: false });
  assertSameKey(key, requested);
  return { parsed, key };
}

/** Decrypt a parsed blob with the material it names; InvalidCiphertextException for any failure (one message: no oracle). */
export function openWithKey(key: KeyRecord, parsed: ParsedBlob, context: EncryptionContext | undefined): { plaintext: Uint8Array; material: MaterialVersion } {
  const material = key.materials.find((m) => m.id === parsed.materialId);
  if (!material) throw new InvalidCiphertextException('The ciphertext refers to key material this key does not have, or it was changed.');
  try {
    const plaintext = aesGcmOpen(material.bytes, parsed.iv, parsed.sealed, concatBytes(parsed.header, encodeEncryptionContext(context)));
    return { plaintext, material };
  } catch {
    // One message for a changed byte and a wrong context: telling them apart would be an oracle.
    throw new InvalidCiphertextException('The ciphertext is invalid: it was changed, or the encryption context does not match the one used to encrypt.');
  }
}
