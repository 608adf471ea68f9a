/**
 * Verify an AWS Signature Version 4 on a received request (AWS General Reference,
 * "Signature Version 4 signing process"). The canonicalisation is @smithy/signature-v4's,
 * the same code the AWS SDK for JavaScript signs with: we rebuild the request as it was
 * signed (the signed headers only, the received body), sign it with the stored secret at
 * the request's own X-Amz-Date, and compare signatures in constant time.
 *
 * Checked, in this order, each failure with AWS's exception name and (where AWS has one)
 * its message: Authorization present (MissingAuthenticationToken); algorithm and the three
 * components well formed, SignedHeaders including host, x-amz-date and x-amz-target,
 * X-Amz-Date well formed (IncompleteSignature); credential scope date, region, service and
 * terminator, clock skew at most 5 minutes, x-amz-content-sha256 matching the body
 * (InvalidSignature); the access key known (UnrecognizedClient); the signature
 * (InvalidSignature).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../src-shared/kms/errors.js';
import { utf8 } from '../../src-shared/wire.js';
import { sha256Hex } from '../crypto/hash.js';
import { equalBytes } from '../crypto/random.js';
import { Sigv4Sha256 } from '../crypto/sigv4-sha256.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGNING_SERVICE = 'kms';
/** AWS accepts requests signed at most 5 minutes before or after its own clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Headers a request must sign: host and date as AWS requires, and the operation name. */
export const REQUIRED_SIGNED_HEADERS = ['host', 'x-amz-date', 'x-amz-target'] as const;

const INVALID_SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UNRECOGNIZED_CLIENT_MESSAGE = 'The security token included in the request is invalid.';

export interface ReceivedRequest {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  /** Node's lower-cased header map. */
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

export interface VerifyOptions {
  /** The region requests must be signed for (the vault's). */
  region: string;
  now: Date;
  /** The secret of an access key Keyward issued, or undefined (unknown or revoked). */
  secretOf(accessKeyId: string): string | undefined;
}

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  scopeTerminator: string;
  signedHeaders: string[];
  signature: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Parse `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(value: string): ParsedAuthorization {
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw new IncompleteSignatureException(`Unsupported AWS 'algorithm': '${algorithm.slice(0, 32)}'. Sign requests with ${SIGV4_ALGORITHM} (Signature Version 4).`);
  }
  const parts = new Map<string, string>();
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !parts.get(k));
  if (missing.length > 0) {
    throw new IncompleteSignatureException(missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' '));
  }
  const credential = parts.get('Credential')!; // checked just above
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '')) {
    throw new IncompleteSignatureException(
      `Authorization header requires 'Credential' of the form <AccessKeyId>/<YYYYMMDD>/<region>/${SIGNING_SERVICE}/aws4_request.`,
    );
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService, scopeTerminator] = scope as [string, string, string, string, string];
  const signedHeaders = parts.get('SignedHeaders')!.split(';'); // checked above
  const signature = parts.get('Signature')!; // checked above
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw new IncompleteSignatureException("Authorization header requires 'Signature' of 64 lower-case hex digits.");
  }
  return { accessKeyId, scopeDate, scopeRegion, scopeService, scopeTerminator, signedHeaders, signature };
}

/** X-Amz-Date's basic ISO 8601 form, YYYYMMDD'T'HHMMSS'Z', to a Date (undefined if malformed). */
export function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(t);
  // Reject dates that overflowed (e.g. month 13) rather than normalising them.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return date;
}

export function formatAmzDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function checkSkew(amzDate: string, signed: Date, now: Date): void {
  const skew = signed.getTime() - now.getTime();
  if (skew < -MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - MAX_CLOCK_SKEW_MS))} (${formatAmzDate(now)} - 5 min.)`,
    );
  }
  if (skew > MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now.getTime() + MAX_CLOCK_SKEW_MS))} (${formatAmzDate(now)} + 5 min.)`,
    );
  }
}

function queryOf(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Check the request's SigV4 signature; resolves to the access key id that signed it. */
export async function verifySigV4(req: ReceivedRequest, options: VerifyOptions): Promise<{ accessKeyId: string }> {
  const authorization = header(req.headers, 'authorization');
  if (authorization === undefined || authorization === '') {
    throw new MissingAuthenticationTokenException(
      'Missing Authentication Token. Sign requests with Signature Version 4 and an access key from Keyward (Settings > Local KMS endpoint).',
    );
  }
  const auth = parseAuthorization(authorization);
  for (const name of REQUIRED_SIGNED_HEADERS) {
    if (!auth.signedHeaders.includes(name)) {
      throw new IncompleteSignatureException(`'${name}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
  for (const name of auth.signedHeaders) {
    if (header(req.headers, name) === undefined) {
      throw new IncompleteSignatureException(`The signed header '${name.slice(0, 64)}' is missing from the request.`);
    }
  }
  const amzDate = header(req.headers, 'x-amz-date') ?? '';
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined) {
    throw new IncompleteSignatureException("Date must be in ISO-8601 'basic format'. Got 'X-Amz-Date' that is not YYYYMMDD'T'HHMMSS'Z'.");
  }
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    throw new InvalidSignatureException(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate.slice(0, 16)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (auth.scopeService !== SIGNING_SERVICE) {
    throw new InvalidSignatureException(`Credential should be scoped to correct service: '${SIGNING_SERVICE}'.`);
  }
  if (auth.scopeRegion !== options.region) {
    throw new InvalidSignatureException(
      `Credential should be scoped to a valid region, not '${auth.scopeRegion.slice(0, 32)}'. This Keyward vault serves region '${options.region}' (set AWS_REGION=${options.region}).`,
    );
  }
  if (auth.scopeTerminator !== 'aws4_request') {
    throw new InvalidSignatureException(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.scopeTerminator.slice(0, 32)}'.`);
  }
  checkSkew(amzDate, signingDate, options.now);
  const contentSha = header(req.headers, 'x-amz-content-sha256');
  if (contentSha !== undefined) {
    // The signer trusts this header as the payload hash, so it must be the body's.
    const actual = sha256Hex(req.body);
    if (contentSha !== actual) {
      throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }
  if (header(req.headers, 'x-amz-security-token') !== undefined) {
    throw new UnrecognizedClientException(
      `${UNRECOGNIZED_CLIENT_MESSAGE} Keyward issues long-term access keys only: unset AWS_SESSION_TOKEN.`,
    );
  }
  const secret = options.secretOf(auth.accessKeyId);
  if (secret === undefined) throw new UnrecognizedClientException(UNRECOGNIZED_CLIENT_MESSAGE);

  const q = req.url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = header(req.headers, name)!; // each checked present above
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: (headers['host'] ?? '').replace(/:\d+$/, ''),
    path: q < 0 ? req.url : req.url.slice(0, q),
    query: q < 0 ? {} : queryOf(req.url.slice(q + 1)),
    headers,
    body: req.body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: secret },
    region: auth.scopeRegion,
    service: SIGNING_SERVICE,
    sha256: Sigv4Sha256,
    // Never add x-amz-content-sha256 ourselves: only what the client signed may be signed.
    applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate, signableHeaders: new Set(auth.signedHeaders) });
  const expected = /Signature=([0-9a-f]{64})/.exec(header(signed.headers, 'authorization') ?? '')?.[1] ?? '';
  const ok = expected.length === 64 && equalBytes(utf8.encode(expected), utf8.encode(auth.signature));
  if (!ok) throw new InvalidSignatureException(INVALID_SIGNATURE_MESSAGE);
  return { accessKeyId: auth.accessKeyId };
}
