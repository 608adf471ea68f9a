/**
 * SigV4 wire conformance: each row is a raw HTTP request signed the way a real client signs
 * it (the AWS SDK's signer, a signer that signs only host and a date like aws-requests-auth,
 * one dating the request with the HTTP Date header, a presigned URL) with AWS's answer:
 * status, `__type`, message. Sources for the rules and texts: AWS IAM User Guide, "Elements
 * of an AWS API request signature" (host signed; x-amz-date, else Date; or X-Amz-Date in the
 * query) and "Create a signed AWS API request"; S3 API Reference, "Authenticating Requests:
 * Using Query Parameters" (X-Amz-Expires, at most 604800); recorded AWS answers in
 * mhart/dynalite's index.js (missing parameters, date format, scope, "Found both ...").
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttp } from '../testing/http.js';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

let r: Running;
beforeAll(async () => {
  r = await startRunning();
});
afterAll(async () => {
  await r.close();
});

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
async function sha256(data: string): Promise<string> {
  const h = new Sha256();
  h.update(data);
  return hex(await h.digest());
}
async function hmac(key: Uint8Array | string, data: string): Promise<Uint8Array> {
  const h = new Sha256(key);
  h.update(data);
  return h.digest();
}
const amz = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
const minutes = (n: number): Date => new Date(Date.now() + n * 60_000);

interface Raw {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface ManualSign {
  op?: string;
  body?: string;
  /** Header names to sign, lower case; every other header is sent unsigned. */
  sign: string[];
  /** How the request is dated: the X-Amz-Date header (default), the HTTP Date header, or neither. */
  dateBy?: 'x-amz-date' | 'date' | 'none';
  date?: Date;
  /** Overrides of the scope and date text. */
  region?: string;
  service?: string;
  scopeDate?: string;
  dateText?: string;
  extra?: Record<string, string>;
}

/**
 * A from-scratch SigV4 signer (the steps of "Create a signed AWS API request"), for what
 * SDK signers will not do: sign a chosen subset of headers, date with the Date header.
 */
async function manual(o: ManualSign): Promise<Raw> {
  const host = new URL(r.url).host;
  const date = o.date ?? new Date();
  const body = o.body ?? '{}';
  const headers: Record<string, string> = {
    host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `TrentService.${o.op ?? 'ListKeys'}`,
    ...o.extra,
  };
  if (o.dateBy === 'date') headers['date'] = o.dateText ?? date.toUTCString();
  else if (o.dateBy !== 'none') headers['x-amz-date'] = o.dateText ?? amz(date);
  const names = [...o.sign].sort();
  const canonical = ['POST', '/', '', names.map((n) => `${n}:${headers[n] ?? ''}\n`).join(''), names.join(';'), await sha256(body)].join('\n');
  const scope = `${o.scopeDate ?? amz(date).slice(0, 8)}/${o.region ?? r.region}/${o.service ?? 'kms'}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amz(date), scope, await sha256(canonical)].join('\n');
  let key: Uint8Array | string = `AWS4${r.key.SecretAccessKey}`;
  for (const part of scope.split('/')) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${r.key.AccessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { path: '/', headers, body };
}

/** A presigned request as the SDK's signer makes one (x-amz-target kept as a header, signed). */
async function presigned(o: { date?: Date; expiresIn?: number; body?: string; drop?: string[] } = {}): Promise<Raw> {
  const url = new URL(r.url);
  const body = o.body ?? '{}';
  const request = new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
    body,
  });
  const signer = new SignatureV4({ credentials: { accessKeyId: r.key.AccessKeyId, secretAccessKey: r.key.SecretAccessKey }, region: r.region, service: 'kms', sha256: Sha256 });
  const out = await signer.presign(request, { signingDate: o.date ?? new Date(), expiresIn: o.expiresIn ?? 300, unhoistableHeaders: new Set(['x-amz-target']) });
  const query = Object.entries(out.query ?? {})
    .filter(([k]) => !(o.drop ?? []).includes(k))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return { path: `/?${query}`, headers: out.headers, body };
}

/** A presigned request signed from scratch: X-Amz-Expires optional, extra query parameters signed too. */
async function manualPresigned(o: { date?: Date; expires?: string; add?: Record<string, string> } = {}): Promise<Raw> {
  const host = new URL(r.url).host;
  const date = o.date ?? new Date();
  const scope = `${amz(date).slice(0, 8)}/${r.region}/kms/aws4_request`;
  const params: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': `${r.key.AccessKeyId}/${scope}`, 'X-Amz-Date': amz(date),
    'X-Amz-SignedHeaders': 'host', ...(o.expires === undefined ? {} : { 'X-Amz-Expires': o.expires }), ...o.add,
  };
  const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = Object.keys(params).sort().map((k) => `${enc(k)}=${enc(params[k]!)}`).join('&');
  const canonical = ['POST', '/', query, `host:${host}\n`, 'host', await sha256('{}')].join('\n');
  let key: Uint8Array | string = `AWS4${r.key.SecretAccessKey}`;
  for (const part of scope.split('/')) key = await hmac(key, part);
  const signature = hex(await hmac(key, ['AWS4-HMAC-SHA256', amz(date), scope, await sha256(canonical)].join('\n')));
  return { path: `/?${query}&X-Amz-Signature=${signature}`, headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' };
}

interface Row {
  name: string;
  request: () => Promise<Raw>;
  status: number;
  type?: string;
  message?: RegExp;
}

const D = '\\d{8}T\\d{6}Z';
const rows: Row[] = [
  { name: 'signs host;x-amz-date only (aws-requests-auth)', request: () => manual({ sign: ['host', 'x-amz-date'] }), status: 200 },
  { name: 'signs host only: the date is still in the string to sign', request: () => manual({ sign: ['host'] }), status: 200 },
  { name: 'signs every header it sends', request: () => manual({ sign: ['content-type', 'host', 'x-amz-date', 'x-amz-target'] }), status: 200 },
  { name: 'dated by the HTTP Date header (no X-Amz-Date), signed', request: () => manual({ dateBy: 'date', sign: ['date', 'host'] }), status: 200 },
  { name: 'dated by the Date header, unsigned', request: () => manual({ dateBy: 'date', sign: ['host'] }), status: 200 },
  {
    name: 'Date header 6 minutes old', request: () => manual({ dateBy: 'date', sign: ['date', 'host'], date: minutes(-6) }),
    status: 400, type: 'InvalidSignatureException', message: new RegExp(`^Signature expired: ${D} is now earlier than ${D} \\(${D} - 5 min\\.\\)$`),
  },
  {
    name: 'no date at all', request: () => manual({ dateBy: 'none', sign: ['host'] }), status: 400, type: 'IncompleteSignatureException',
    message: /^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\. Authorization=AWS4-HMAC-SHA256 Credential=/,
  },
  {
    name: 'X-Amz-Date not in basic format', request: () => manual({ sign: ['host', 'x-amz-date'], dateText: '2026-01-01T00:00:00Z' }), status: 400,
    type: 'IncompleteSignatureException', message: /^Date must be in ISO-8601 'basic format'\. Got '2026-01-01T00:00:00Z'\. See http:\/\/en\.wikipedia\.org\/wiki\/ISO_8601$/,
  },
  {
    name: 'signed 6 minutes ahead', request: () => manual({ sign: ['host', 'x-amz-date'], date: minutes(6) }), status: 400,
    type: 'InvalidSignatureException', message: new RegExp(`^Signature not yet current: ${D} is still later than ${D} \\(${D} \\+ 5 min\\.\\)$`),
  },
  {
    name: 'host not signed', request: () => manual({ sign: ['x-amz-date', 'x-amz-target'] }), status: 400,
    type: 'InvalidSignatureException', message: /^'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization\.$/,
  },
  {
    name: 'wrong region, service and scope date: every scope error in one message', status: 400, type: 'InvalidSignatureException',
    request: () => manual({ sign: ['host', 'x-amz-date'], region: 'eu-west-1', service: 's3', scopeDate: '20200101' }),
    message: new RegExp(`^Credential should be scoped to a valid region, not 'eu-west-1'\\. Credential should be scoped to correct service: 'kms'\\. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20200101' != '\\d{8}', from '${D}'\\.$`),
  },
  {
    name: 'a signed header changed after signing: AWS shows the canonical request it computed', status: 400, type: 'InvalidSignatureException',
    request: async () => {
      const raw = await manual({ sign: ['host', 'x-amz-date', 'x-amz-target'] });
      return { ...raw, headers: { ...raw.headers, 'x-amz-target': 'TrentService.ListAliases' } };
    },
    message: /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/\n\nhost:[^\n]+\nx-amz-date:\d{8}T\d{6}Z\nx-amz-target:TrentService\.ListAliases\n\nhost;x-amz-date;x-amz-target\n[0-9a-f]{64}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n/,
  },
  {
    name: 'a session token (Keyward issues long-term keys only)', status: 400, type: 'UnrecognizedClientException',
    request: () => manual({ sign: ['host', 'x-amz-date', 'x-amz-security-token'], extra: { 'x-amz-security-token': 'FwoGZXIvYXdzEXAMPLE' } }),
    message: /^The security token included in the request is invalid\.$/,
  },
  { name: 'presigned, X-Amz-Expires=300', request: () => presigned(), status: 200 },
  { name: 'presigned 4 minutes ago without X-Amz-Expires (the clock-skew rule)', request: () => manualPresigned({ date: minutes(-4) }), status: 200 },
  { name: 'presigned from scratch, host only, X-Amz-Expires=60', request: () => manualPresigned({ expires: '60' }), status: 200 },
  {
    name: 'presigned, X-Amz-Expires not a number', request: () => manualPresigned({ expires: 'soon' }), status: 400,
    type: 'IncompleteSignatureException', message: /^X-Amz-Expires should be a number$/,
  },
  { name: 'presigned 20 minutes ago, X-Amz-Expires=3600', request: () => presigned({ date: minutes(-20), expiresIn: 3600 }), status: 200 },
  {
    name: 'presigned 10 minutes ago, X-Amz-Expires=60', request: () => presigned({ date: minutes(-10), expiresIn: 60 }), status: 400,
    type: 'InvalidSignatureException', message: new RegExp(`^Signature expired: ${D} is now earlier than ${D} \\(${D} - 60 sec\\.\\)$`),
  },
  {
    name: 'presigned 6 minutes ago without X-Amz-Expires', request: () => manualPresigned({ date: minutes(-6) }), status: 400,
    type: 'InvalidSignatureException', message: new RegExp(`^Signature expired: ${D} is now earlier than ${D} \\(${D} - 5 min\\.\\)$`),
  },
  {
    name: 'presigned for longer than a week', request: () => manualPresigned({ expires: '604801' }), status: 400, type: 'IncompleteSignatureException',
    message: /^X-Amz-Expires must be less than a week \(in seconds\); that is, the given X-Amz-Expires must be less than 604800 seconds$/,
  },
  {
    name: 'presigned without X-Amz-Signature and X-Amz-Date', request: () => presigned({ drop: ['X-Amz-Signature', 'X-Amz-Date'] }), status: 400,
    type: 'IncompleteSignatureException',
    message: /^AWS query-string parameters must include 'X-Amz-Signature'\. AWS query-string parameters must include 'X-Amz-Date'\. Re-examine the query-string parameters\.$/,
  },
  {
    name: 'presigned and an Authorization header', status: 400, type: 'InvalidSignatureException',
    request: async () => {
      const raw = await presigned();
      return { ...raw, headers: { ...raw.headers, authorization: (await manual({ sign: ['host', 'x-amz-date'] })).headers['authorization']! } };
    },
    message: /^Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header\.$/,
  },
  {
    name: 'presigned, body changed', status: 400, type: 'InvalidSignatureException',
    request: async () => ({ ...(await presigned({ body: '{"Limit":1}' })), body: '{"Limit":2}' }), message: /^The request signature we calculated does not match/,
  },
  {
    name: 'presigned with a session token', status: 400, type: 'UnrecognizedClientException',
    request: () => manualPresigned({ expires: '60', add: { 'X-Amz-Security-Token': 'FwoGZXIvYXdzEXAMPLE' } }), message: /^The security token included in the request is invalid\.$/,
  },
];

describe('SigV4 conformance: raw requests as each client signs them, AWS answers', () => {
  it.each(rows)('$name', async (row) => {
    const raw = await row.request();
    const reply = await rawHttp({ url: `${r.url}${raw.path}`, method: 'POST', headers: raw.headers, body: raw.body });
    const body = JSON.parse(reply.text) as { __type?: string; message?: string }; // the endpoint answers JSON
    expect(reply.status, reply.text).toBe(row.status);
    if (row.status === 200) {
      expect(body).toHaveProperty('Keys');
      return;
    }
    expect(body.__type).toBe(row.type);
    expect(reply.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    if (row.message) expect(body.message).toMatch(row.message);
  });
});
