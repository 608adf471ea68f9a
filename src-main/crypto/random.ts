import { randomBytes as nodeRandomBytes, randomFillSync, randomUUID, timingSafeEqual } from 'node:crypto';

/** Requests up to this size are served from the pool (IVs, nonces, data keys); larger ones go to the OS CSPRNG directly. */
const POOLED_MAX = 256;
const POOL_SIZE = 16 * 1024;
const pool = new Uint8Array(POOL_SIZE);
let used = POOL_SIZE;

/**
 * `n` CSPRNG bytes (node:crypto's randomFillSync, seeded by the OS). Small requests come
 * from a pool filled 16 KiB at a time, so the hot path makes one call into the CSPRNG per
 * few hundred requests instead of one per IV; each slice is copied out into memory of its
 * own and zeroed in the pool, so the pool never holds bytes that were handed out.
 * Throws RangeError for a negative or fractional `n`.
 */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`"n" expected a non-negative integer, got ${n}`);
  if (n > POOLED_MAX) {
    const b = nodeRandomBytes(n);
    return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.length); // node's Buffers are never backed by a SharedArrayBuffer
  }
  if (used + n > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  const out = pool.slice(used, used + n);
  pool.fill(0, used, used + n);
  used += n;
  return out;
}

/** A random (version 4) UUID, RFC 9562 §5.4, lowercase (node:crypto keeps its own entropy cache for these). */
export function randomUuid(): string {
  return randomUUID();
}

/** Constant-time equality; false for different lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
