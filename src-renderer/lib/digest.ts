/**
 * Sign/Verify message handling: which hash a signing algorithm uses, and whether the page
 * sends the message itself (MessageType RAW) or a digest computed here with WebCrypto
 * (MessageType DIGEST). Pure apart from `digest`, which needs crypto.subtle.
 */
import type { MessageType } from '../../src-shared/kms/enums';

export type WebCryptoHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** KMS's Sign/Verify Message limit for RAW: 4096 bytes (AWS KMS API reference, Sign: Message). */
export const RAW_MESSAGE_MAX = 4096;

/**
 * The SHA-2 hash an algorithm signs with, read from its name (`…_SHA_256`, `…_SHA_512`), or
 * null when the algorithm hashes internally with something else (ML_DSA_SHAKE_256, SM2DSA).
 */
export function hashOfAlgorithm(algorithm: string): WebCryptoHash | null {
  if (/SHAKE/.test(algorithm) || algorithm === 'SM2DSA') return null;
  const m = /_SHA_(256|384|512)$/.exec(algorithm);
  return m ? (`SHA-${m[1]}` as WebCryptoHash) : null; // m[1] is one of the three sizes
}

/** Digest length in bytes of a WebCrypto SHA-2 hash. */
export function digestLength(hash: WebCryptoHash): number {
  return hash === 'SHA-256' ? 32 : hash === 'SHA-384' ? 48 : 64;
}

export type MessagePlan =
  | { ok: true; messageType: 'RAW' }
  | { ok: true; messageType: 'DIGEST'; hash: WebCryptoHash }
  | { ok: false; error: string };

export interface MessageInput {
  algorithm: string;
  /** Message types the algorithm accepts (from the catalogue), e.g. ['RAW', 'DIGEST']. */
  accepted: readonly MessageType[];
  source: 'text' | 'file';
  size: number;
  /** The user asked for DIGEST on a text message. */
  wantDigest: boolean;
}

/**
 * RAW when the user typed text and did not ask for a digest; DIGEST (hashed here) for files
 * or when asked, since files may be larger than RAW's 4096 bytes and need not leave the page.
 * Algorithms that take only RAW (ED25519_SHA_512, ML_DSA_SHAKE_256) send files RAW when they
 * fit; those that take only DIGEST (ED25519_PH_SHA_512) always hash.
 */
export function planMessage({ algorithm, accepted, source, size, wantDigest }: MessageInput): MessagePlan {
  const hash = hashOfAlgorithm(algorithm);
  const canDigest = accepted.includes('DIGEST') && hash !== null;
  const canRaw = accepted.includes('RAW');
  if (size === 0) return { ok: false, error: 'The message is empty' };
  const preferDigest = source === 'file' || wantDigest;
  if (canDigest && (preferDigest || !canRaw || size > RAW_MESSAGE_MAX)) return { ok: true, messageType: 'DIGEST', hash };
  if (!canRaw) return { ok: false, error: `${algorithm} cannot sign this message` };
  if (size > RAW_MESSAGE_MAX) {
    return { ok: false, error: `${algorithm} signs the message itself (RAW), at most ${RAW_MESSAGE_MAX} bytes; this one has ${size}` };
  }
  return { ok: true, messageType: 'RAW' };
}

/** SHA-2 of bytes with WebCrypto (crypto.subtle), typed for request schemas. */
export async function digest(hash: WebCryptoHash, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest(hash, data));
}
