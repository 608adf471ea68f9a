/**
 * Test kit: KMS requests signed the way the AWS SDKs sign them (smithy's SignatureV4 over
 * host, content-type and x-amz-target, with the pure-JS SHA-256 the SDKs ship), sent raw so
 * tests see the status and body AWS would send. Loaded only by tests.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Running } from './endpoint-kit.js';
import { rawHttp } from './http.js';

/** A KMS JSON 1.1 answer: the status and the parsed body (`{}` when empty). */
export interface KmsReply {
  status: number;
  body: { __type?: string; message?: string; Message?: string } & Record<string, unknown>;
}

export interface SignOptions {
  /** Signing time; defaults to now. */
  date?: Date;
  accessKeyId?: string;
  secret?: string;
  region?: string;
  service?: string;
  /** Headers to leave out of the signature (they are still sent). */
  unsigned?: string[];
}

/** Headers and body of a POST of `op` with `body`, signed as an SDK signs it. */
export async function signAsSdk(r: Running, op: string, body: string, o: SignOptions = {}): Promise<{ headers: Record<string, string>; body: string }> {
  const url = new URL(r.url);
  const request = new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` },
    body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.accessKeyId ?? r.key.AccessKeyId, secretAccessKey: o.secret ?? r.key.SecretAccessKey },
    region: o.region ?? r.region,
    service: o.service ?? 'kms',
    sha256: Sha256,
  });
  const out = await signer.sign(request, {
    signingDate: o.date ?? new Date(),
    ...(o.unsigned ? { unsignableHeaders: new Set(o.unsigned) } : {}),
  });
  return { headers: out.headers, body };
}

/** POST one KMS operation (a JSON value, or a raw body string) signed as an SDK signs it; never throws on an error status. */
export async function callKms(r: Running, op: string, payload: unknown, o: SignOptions = {}): Promise<KmsReply> {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const { headers, body } = await signAsSdk(r, op, text, o);
  const reply = await rawHttp({ url: r.url, method: 'POST', headers, body });
  return { status: reply.status, body: reply.text ? (JSON.parse(reply.text) as KmsReply['body']) : {} }; // the endpoint answers JSON
}
