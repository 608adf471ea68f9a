/**
 * Canonical encoding of an encryption context for use as AAD. KMS matches contexts exactly
 * (case-sensitive) but ignores order (https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html), so pairs are sorted by key.
 * Each string is length-prefixed, so no two different contexts share an encoding.
 */
import { concatBytes } from '../crypto/bytes.js';
import { utf8 } from '../../src-shared/wire.js';

/** A KMS encryption context: string keys to string values (https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html). */
export type EncryptionContext = Record<string, string>;

/**
 * u32 count ‖ for each pair sorted by key (UTF-16 code units): u32 key length ‖ key UTF-8 ‖
 * u32 value length ‖ value UTF-8, big-endian lengths in bytes. No context encodes as a zero count.
 */
export function encodeEncryptionContext(context: EncryptionContext | undefined): Uint8Array {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Uint8Array[] = [u32(entries.length)];
  for (const [k, v] of entries) {
    const kb = utf8.encode(k);
    const vb = utf8.encode(v);
    parts.push(u32(kb.length), kb, u32(vb.length), vb);
  }
  return concatBytes(...parts);
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}
