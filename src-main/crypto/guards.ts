/**
 * Guards for exported crypto edges: the shared argument guards (src-shared/guards.ts:
 * TypeError for type, RangeError for size) and `wipe` for secrets.
 */
export { aBytes } from '../../src-shared/guards.js';

/** Zero secret buffers; call in `finally`. Accepts and skips undefined or null. */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  for (const b of buffers) b?.fill(0);
}
