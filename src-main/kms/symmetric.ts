/**
 * Symmetric encryption with a key's material: AES-256-GCM into a self-describing blob
 * (blob.ts) with the encryption context bound as AAD.
 */
import { AccessDeniedException, InvalidCiphertextException } from '../../src-shared/kms/errors.js';
import { aesGcmOpen, aesGcmSeal, GCM_IV_BYTES } from '../crypto/aes-gcm.js';
import { randomBytes } from '../crypto/random.js';
import { encodeBlobHeader, joinBlob, parseBlob, type ParsedBlob } from './blob.js';
import { concatBytes } from '../crypto/bytes.js';
import { encodeEncryptionContext, type EncryptionContext } from './encryption-context.js';
import { assertSameKey } from './data-rules.js';
import { keyArn } from './identifiers.js';
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
 * AWS's answer (AccessDeniedException, 400) to a ciphertext whose KMS key does not exist, is in
 * another Region or account, or may not be used, as recorded by its users, e.g.
 * https://github.com/aws/aws-encryption-sdk-javascript/issues/1005 and
 * https://github.com/kubernetes-sigs/aws-encryption-provider/pull/91.
 */
export const CIPHERTEXT_KEY_UNKNOWN = 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/**
 * Parse a blob and find its key. The request's KeyId was resolved by the caller (NotFound
 * first); structure comes next (InvalidCiphertextException), then the blob's key (AccessDeniedException
 * when this vault has no such key); the KeyId must
 * name the key that encrypted (IncorrectKeyException) before any state or usage check: KMS decides which key
 * to use before it checks that key (LocalStack's order, whose IncorrectKey answers are
 * recorded against AWS: https://github.com/localstack/localstack/blob/main/tests/aws/services/kms/test_kms.snapshot.json).
 * So a KeyId naming an HMAC, signing or RSA key is IncorrectKeyException, as on AWS.
 */
export function keyOfBlob(state: VaultState, blob: Uint8Array, requested: KeyRecord | undefined): { parsed: ParsedBlob; key: KeyRecord } {
  const parsed = parseBlob(blob);
  // A vault is AWS's account and Region: a blob of another vault, or of a key this vault does
  // not have (deleted), names a key KMS cannot find there.
  const key = parsed.vaultId === state.vaultId ? state.keys.get(parsed.keyId) : undefined;
  if (!key) throw new AccessDeniedException(CIPHERTEXT_KEY_UNKNOWN);
  assertSameKey(key, requested);
  return { parsed, key };
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
