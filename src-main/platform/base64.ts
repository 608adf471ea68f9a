/**
 * Standard base64 (RFC 4648 §4, padded) through Node's Buffer, native and far cheaper than a
 * JavaScript codec on the endpoint's hot path (Node 20 has no native Uint8Array base64).
 * Decoding is strict: Buffer's own decoder is lenient (it skips foreign characters, accepts
 * missing padding and the URL alphabet), so a text is accepted only when encoding the
 * decoded bytes gives the text back, which holds exactly for canonical padded base64.
 * The bytes returned own their memory (never a view into Buffer's shared pool).
 */

/** Standard padded base64 of `bytes`. */
export function base64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes of canonical padded base64 `text`, or undefined when `text` is anything else. */
export function base64DecodeCanonical(text: string): Uint8Array<ArrayBuffer> | undefined {
  const n = text.length;
  if (n % 4 !== 0) return undefined;
  const pad = n === 0 ? 0 : text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2; // 61: '='
  const size = (n / 4) * 3 - pad;
  const buf = Buffer.allocUnsafeSlow(size);
  const written = buf.write(text, 'base64');
  if (written !== size || buf.toString('base64') !== text) {
    buf.fill(0);
    return undefined;
  }
  return new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, size); // allocUnsafeSlow: its own ArrayBuffer, never shared
}
