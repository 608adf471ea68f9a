import { randomBytes as nodeRandomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** CSPRNG bytes (node:crypto, seeded by the OS). */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`"n" expected a non-negative integer, got ${n}`);
  const b = nodeRandomBytes(n);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

export function randomUuid(): string {
  return randomUUID();
}

/** Constant-time equality; false for different lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
