/**
 * SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104) from node:crypto in the shape
 * @smithy/signature-v4 takes as its `sha256` constructor (`new (secret?) => { update,
 * digest, reset }`), for signing and checking AWS Signature Version 4. The SDK's default is
 * the pure-JS @aws-crypto/sha256-js; node:crypto is native and several times faster. A test
 * cross-checks both on random inputs.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** What the signer hands to `update` and the constructor: text (UTF-8) or bytes. */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256, or HMAC-SHA-256 keyed by `secret`; `digest` resolves to 32 bytes. */
export class Sigv4Sha256 {
  private readonly secret: Buffer | string | undefined;
  private h: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.h = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }

  update(data: SourceData): void {
    const b = toBuffer(data);
    if (typeof b === 'string') this.h.update(b, 'utf8');
    else this.h.update(b);
  }

  digest(): Promise<Uint8Array> {
    const d = this.h.digest();
    return Promise.resolve(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }

  reset(): void {
    this.h = this.fresh();
  }
}
