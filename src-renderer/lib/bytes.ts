/** Turning user text into bytes and bytes back into something readable. */
import { hex } from '@scure/base';
import { base64ToBytes, bytesToBase64, utf8 } from '../../src-shared/wire';

export { bytesToBase64 };

/** Lower-case hex of the bytes (RFC 4648 section 8, base16). */
export function bytesToHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'hex';
}

/** A decrypted plaintext for display: UTF-8 when it is valid UTF-8, else hex. */
export function decodeForDisplay(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: bytesToHex(bytes), encoding: 'hex' };
  }
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Base64 typed or pasted by a person: whitespace and line breaks are ignored, URL-safe
 * characters are accepted, and missing padding is restored. Anything else is an error.
 */
export function parseBase64Input(text: string): ParseResult<Uint8Array<ArrayBuffer>> {
  let compact = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (compact.length === 0) return { ok: false, error: 'Enter base64 text' };
  if (compact.length % 4 === 1) return { ok: false, error: 'Not valid base64 (wrong length)' };
  while (compact.length % 4 !== 0) compact += '=';
  try {
    // Copy into a fresh ArrayBuffer-backed array: the request schema's Uint8Array<ArrayBuffer>.
    return { ok: true, value: new Uint8Array(base64ToBytes(compact)) };
  } catch {
    return { ok: false, error: 'Not valid base64' };
  }
}

const ENCODER = new TextEncoder();

/** UTF-8 bytes of user text, typed for request schemas (Uint8Array<ArrayBuffer>). */
export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  return ENCODER.encode(text);
}

/** UTF-8 byte length of a string, for "n / 4096 bytes" counters. */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}
