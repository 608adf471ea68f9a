/**
 * The passphrase KDF: scrypt (RFC 7914) through the crypto door (crypto/scrypt.ts), which runs
 * on the libuv threadpool, so a default-cost unlock never blocks the main process's event loop.
 */
import { scrypt, scryptMaxmem } from '../crypto/scrypt.js';

/** scrypt cost parameters (RFC 7914 §2): N = CPU/memory cost, r = block size, p = parallelism. */
export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/**
 * Default cost: N=2^17, r=8, p=1 (128 MiB, the OWASP Password Storage Cheat Sheet's scrypt
 * setting). Cheaper parameters are accepted down to N=2^10 so tests stay fast.
 */
export const DEFAULT_KDF: Readonly<KdfParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

export const KEK_LENGTH = 32;
export const SALT_LENGTH = 16;

const MIN_LOG_N = 10;
const MAX_LOG_N = 20;
const MAX_R = 32;
const MAX_P = 16;
/** Upper bound on the V array (128·r·N bytes); also caps what a hostile file can ask for. */
const MAX_V_BYTES = 1024 * 1024 * 1024;

/**
 * Guard for KDF parameters, at the edges (options passed in, parameters read from a file).
 * TypeError for a wrong type, RangeError for a value out of range.
 */
export function aKdfParams(kdf: unknown, title = 'kdf'): KdfParams {
  if (typeof kdf !== 'object' || kdf === null) throw new TypeError(`"${title}" expected an object {N, r, p}`);
  // Read fields through a record view; each is checked below before use.
  const o = kdf as Record<string, unknown>;
  const { N, r, p } = o;
  if (typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') {
    throw new TypeError(`"${title}" expected numbers N, r, p`);
  }
  if (!Number.isSafeInteger(N) || N < 2 ** MIN_LOG_N || N > 2 ** MAX_LOG_N || (N & (N - 1)) !== 0) {
    throw new RangeError(`"${title}.N" expected a power of two from 2^${MIN_LOG_N} to 2^${MAX_LOG_N}, got ${N}`);
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > MAX_R) {
    throw new RangeError(`"${title}.r" expected an integer from 1 to ${MAX_R}, got ${r}`);
  }
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_P) {
    throw new RangeError(`"${title}.p" expected an integer from 1 to ${MAX_P}, got ${p}`);
  }
  if (128 * r * N > MAX_V_BYTES) {
    throw new RangeError(`"${title}" needs ${(128 * r * N) / 2 ** 20} MiB; the limit is ${MAX_V_BYTES / 2 ** 20} MiB`);
  }
  return { N, r, p };
}

/** maxmem for OpenSSL's scrypt check: one formula, in crypto/scrypt.ts. */
export const maxmemFor = (kdf: KdfParams): number => scryptMaxmem(kdf);

/** UTF-8 of the NFC form, so the same passphrase typed on different systems derives the same key. */
export function passphraseBytes(passphrase: string): Uint8Array {
  return new TextEncoder().encode(passphrase.normalize('NFC'));
}

/**
 * Derive a 32-byte key-encryption key. The caller owns the result and must zero it.
 * Parameters must already have passed aKdfParams.
 */
export async function deriveKek(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Uint8Array> {
  const pw = passphraseBytes(passphrase);
  try {
    return await scrypt(pw, salt, KEK_LENGTH, kdf);
  } finally {
    pw.fill(0);
  }
}
