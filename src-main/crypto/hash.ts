/**
 * SHA-256 (FIPS 180-4) over node:crypto, native in OpenSSL and BoringSSL. The one door for
 * hashing outside the algorithm wrappers: audit chains, file checksums, SigV4 payload hashes.
 */
import { createHash, hash } from 'node:crypto';

/** One message: bytes, or a string hashed as UTF-8. */
export type HashInput = Uint8Array | string;

/** SHA-256 of the concatenated parts (32 bytes). */
export function sha256(...parts: HashInput[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}

function isHighSurrogate(text: string): boolean {
  const c = text.charCodeAt(text.length - 1);
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** SHA-256 of the concatenated parts as 64 lowercase hex characters. */
export function sha256Hex(...parts: HashInput[]): string {
  // One part: node's one-shot hash (Node 20.12+), without a Hash object.
  if (parts.length === 1) return hash('sha256', parts[0]!, 'hex');
  // Text parts: hashed as one string when joining them cannot pair two lone surrogates
  // (which would change their UTF-8), e.g. the audit chain's prevHash "\n" line.
  if (parts.every((p, i) => typeof p === 'string' && (i === 0 || !(isHighSurrogate(parts[i - 1] as string) && isLowSurrogate(p))))) {
    return hash('sha256', parts.join(''), 'hex');
  }
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** An incremental SHA-256 (or HMAC-SHA-256 when a key is given), e.g. for a signer's hash constructor. */
export interface IncrementalHash {
  update(data: HashInput): void;
  digest(): Uint8Array;
}
