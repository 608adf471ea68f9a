/** Lowercase hex (RFC 4648 §8, base16) through @scure/base, for known answers, key ids and blob headers. */
import { hex } from '@scure/base';

/** Bytes as lowercase hex, two characters per byte. */
export function toHex(b: Uint8Array): string {
  return hex.encode(b);
}

/** Hex (either case) as bytes. Throws RangeError for an odd length or a non-hex character. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new RangeError('"hex" expected an even-length hex string');
  return hex.decode(s);
}
