/**
 * SHA-256 and HMAC-SHA-256 from node:crypto in the shape @smithy/signature-v4 takes as its
 * `sha256` constructor (`new (secret?) => { update, digest, reset }`). The signer's default
 * in the SDK is the pure-JS @aws-crypto/sha256-js; node:crypto is native and several times
 * faster (ARCHITECTURE.md "Keys and ciphertexts": SHA-2 and HMAC from node:crypto). A test
 * cross-checks both on random inputs.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export class NodeSha256 {
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
