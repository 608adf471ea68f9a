/**
 * Hashing many short messages in a row, as the audit verifier does (one per stored record):
 * each message is gathered into one reusable buffer and hashed with node's one-shot
 * `crypto.hash` (Node 20.12+, https://nodejs.org/api/crypto.html#cryptohashalgorithm-data-outputencoding),
 * which skips the Hash object of `createHash` per message. HMAC-SHA256 is node's own
 * `createHmac('sha256', key)` (RFC 2104), one per message: HMAC is not rebuilt here from
 * SHA-256 (no home-made primitives), at the cost of about 3x the CPU of a one-shot hash.
 */
import { createHmac, hash } from 'node:crypto';
import { aBytes } from './guards.js';

/**
 * One message hasher: SHA-256, or HMAC-SHA256 under a key. `hex(text, a, b)` hashes the
 * bytes of `text` (ASCII: each char one byte) then `a` then `b`, and returns 64 lowercase hex.
 * Not safe to share between concurrent callers (one scratch buffer); one per walk.
 */
export class LineDigest {
  private buf = Buffer.alloc(4096);
  private readonly key: Buffer | undefined;

  /** `key` undefined: SHA-256; else HMAC-SHA256 under `key` (copied; wipe() zeroes the copy). TypeError for a non-byte key. */
  constructor(key?: Uint8Array) {
    if (key === undefined) return;
    aBytes(key, 'key');
    this.key = Buffer.from(key); // a copy, zeroed by wipe()
  }

  /** The digest (64 hex) of `text` (ASCII) followed by `a` and `b`. */
  hex(text: string, a: Uint8Array, b: Uint8Array): string {
    this.reserve(text.length + a.length + b.length);
    let p = 0;
    p += this.buf.write(text, p, 'latin1');
    this.buf.set(a, p);
    p += a.length;
    this.buf.set(b, p);
    p += b.length;
    return this.finish(p);
  }

  /** Room for a message of `len` bytes. */
  private reserve(len: number): void {
    const need = len;
    if (need <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(need, this.buf.length * 2));
    this.buf.fill(0);
    this.buf = bigger;
  }

  /** The digest of the scratch up to `end`: SHA-256, or HMAC-SHA256 under the key. */
  private finish(end: number): string {
    const msg = this.buf.subarray(0, end);
    if (!this.key) return hash('sha256', msg, 'hex');
    return createHmac('sha256', this.key).update(msg).digest('hex');
  }

  /**
   * The digest (64 hex) of `src[a0..a1)`, the byte `sep`, `src[b0..b1)` and `src[c0..c1)`:
   * hex() without a string or a view per part (the verifier's hot path).
   * RangeError when a range is not inside `src`.
   */
  ofRanges(src: Buffer, a0: number, a1: number, sep: number, b0: number, b1: number, c0: number, c1: number): string {
    if (!(0 <= a0 && a0 <= a1 && a1 <= src.length && 0 <= b0 && b0 <= b1 && b1 <= src.length && 0 <= c0 && c0 <= c1 && c1 <= src.length)) {
      throw new RangeError('"ranges" expected to lie inside the source');
    }
    this.reserve(a1 - a0 + 1 + (b1 - b0) + (c1 - c0));
    let p = 0;
    p += src.copy(this.buf, p, a0, a1);
    this.buf[p++] = sep;
    p += src.copy(this.buf, p, b0, b1);
    p += src.copy(this.buf, p, c0, c1);
    return this.finish(p);
  }

  /** Zero the key copy and the scratch, after the last message; the digest is not to be used after. */
  wipe(): void {
    this.buf.fill(0);
    this.key?.fill(0);
  }
}
