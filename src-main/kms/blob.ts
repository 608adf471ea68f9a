/**
 * Keyward's symmetric ciphertext blob, self-describing so Decrypt needs no KeyId (as in KMS).
 *
 *   offset  size  field
 *   0       1     format version (0x01)
 *   1       16    vault id (UUID bytes): a blob from another vault is refused
 *   17      16    key id (UUID bytes)
 *   33      32    key material id (KMS KeyMaterialId, 64 hex)
 *   65      12    AES-GCM IV (random)
 *   77      n+16  AES-256-GCM(ciphertext ‖ tag)
 *
 * AAD = bytes 0..76 ‖ canonical encryption context, so any changed header byte or a
 * different context fails authentication. Random 96-bit IVs keep one material version
 * within SP 800-38D §8.3's limit of 2^32 encryptions; rotation adds new material.
 */
import { InvalidCiphertextException } from '../../src-shared/kms/errors.js';
import { GCM_IV_BYTES, GCM_TAG_BYTES } from '../crypto/aes-gcm.js';
import { bytesToHex as toHex, hexToBytes as fromHex } from '../../src-shared/wire.js';

/** The format version in byte 0; a blob with another version is refused. */
export const BLOB_VERSION = 0x01;
const HEADER_BYTES = 1 + 16 + 16 + 32 + GCM_IV_BYTES;

/** The header fields: UUIDs as 36-character strings, the material id as 64 hex, a 12-byte IV. */
export interface BlobHeader {
  vaultId: string;
  keyId: string;
  materialId: string;
  iv: Uint8Array;
}

/** A parsed blob: the header fields, the raw header bytes and ciphertext ‖ tag (views into the blob). */
export interface ParsedBlob extends BlobHeader {
  /** The header bytes, the first half of the AAD. */
  header: Uint8Array;
  sealed: Uint8Array;
}

/** The 77 header bytes (layout above). Throws RangeError for an id that is not hex. */
export function encodeBlobHeader(h: BlobHeader): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  out[0] = BLOB_VERSION;
  out.set(uuidToBytes(h.vaultId), 1);
  out.set(uuidToBytes(h.keyId), 17);
  out.set(fromHex(h.materialId), 33);
  out.set(h.iv, 65);
  return out;
}

/** header ‖ sealed, as a new array. */
export function joinBlob(header: Uint8Array, sealed: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + sealed.length);
  out.set(header, 0);
  out.set(sealed, header.length);
  return out;
}

/** Split a blob (layout above); InvalidCiphertextException when it is too short or of another version. */
export function parseBlob(blob: Uint8Array): ParsedBlob {
  if (blob.length < HEADER_BYTES + GCM_TAG_BYTES || blob[0] !== BLOB_VERSION) {
    throw new InvalidCiphertextException(''); // AWS sends InvalidCiphertextException with an empty message (aws/aws-sdk-java#1148: "InvalidCiphertextException: null"); the UI explains it by name.
  }
  const header = blob.subarray(0, HEADER_BYTES);
  return {
    header,
    vaultId: bytesToUuid(blob.subarray(1, 17)),
    keyId: bytesToUuid(blob.subarray(17, 33)),
    materialId: toHex(blob.subarray(33, 65)),
    iv: blob.slice(65, HEADER_BYTES),
    sealed: blob.subarray(HEADER_BYTES),
  };
}

/** Bytes a blob adds to the plaintext: header and GCM tag (93). */
export const BLOB_OVERHEAD = HEADER_BYTES + GCM_TAG_BYTES;

function uuidToBytes(id: string): Uint8Array {
  return fromHex(id.replace(/-/g, ''));
}

function bytesToUuid(b: Uint8Array): string {
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
