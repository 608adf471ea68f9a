import { randomBytes as nodeRandomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** `n` CSPRNG bytes (node:crypto, seeded by the OS). Throws RangeError for a negative or fractional `n`. */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`"n" expected a non-negative integer, got ${n}`);
  const b = nodeRandomBytes(n);
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.length); // node's Buffers are never backed by a SharedArrayBuffer
}

/** A random (version 4) UUID, RFC 9562 §5.4, lowercase. */
export function randomUuid(): string {
  return randomUUID();
}

/** Constant-time equality; false for different lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
