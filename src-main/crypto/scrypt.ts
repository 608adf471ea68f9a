/**
 * scrypt (RFC 7914) from node:crypto. The async form runs on libuv's thread pool, so a
 * 128 MiB derivation never blocks the event loop.
 */
import { scrypt as nodeScrypt, scryptSync as nodeScryptSync } from 'node:crypto';

/** scrypt cost parameters (RFC 7914 §2): N = CPU/memory cost (power of 2), r = block size, p = parallelism. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * maxmem for OpenSSL's scrypt check (crypto/evp/pbe_scrypt.c: Blen + Vlen, with
 * Blen = p·128·r and Vlen = 128·r·(N+2)) plus 1 MiB, never below 256 MiB.
 */
export function scryptMaxmem(params: ScryptParams): number {
  const need = 128 * params.r * params.p + 128 * params.r * (params.N + 2);
  return Math.max(256 * 1024 * 1024, need + 1024 * 1024);
}

/** Derive `length` bytes. Rejects with node's error for parameters OpenSSL refuses. */
export function scrypt(password: Uint8Array, salt: Uint8Array, length: number, params: ScryptParams): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    nodeScrypt(password, salt, length, { N: params.N, r: params.r, p: params.p, maxmem: scryptMaxmem(params) }, (err, key) => {
      if (err) reject(err);
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.length));
    });
  });
}

/**
 * The same derivation, blocking: for the startup self-test's small known answer only (RFC
 * 7914 §12, N = 16). Throws node's error for parameters OpenSSL refuses.
 */
export function scryptSync(password: Uint8Array, salt: Uint8Array, length: number, params: ScryptParams): Uint8Array {
  const key = nodeScryptSync(password, salt, length, { N: params.N, r: params.r, p: params.p, maxmem: scryptMaxmem(params) });
  return new Uint8Array(key.buffer, key.byteOffset, key.length);
}
