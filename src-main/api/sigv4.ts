/**
 * Verify an AWS Signature Version 4 on a received request, signed in the Authorization
 * header or presigned in the query string (AWS IAM User Guide, "Create a signed AWS API
 * request", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html,
 * and "Elements of an AWS API request signature",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html).
 * AWS requires only what the client cannot leave out: `host` signed, a request date
 * (X-Amz-Date, else the Date header, or X-Amz-Date in the query), and the credential scope.
 * Whatever other headers the client chose to sign are verified; nothing else need be signed
 * (`aws-requests-auth` signs only host and x-amz-date). x-amz-content-sha256 is S3's and
 * optional here; when sent it must be the body's hash.
 *
 * We rebuild the canonical request from the headers the client signed, the received path,
 * query and body, sign it with the stored secret at the request's own date (the signing key
 * derived once per access key, date, region and service: signing-keys.ts) and compare in
 * constant time.
 *
 * Checked in AWS's order, each failure with AWS's name and message (recorded against AWS's
 * JSON-protocol front end in mhart/dynalite's index.js): both header and query auth
 * (InvalidSignature); neither (MissingAuthenticationToken); missing parameters or date
 * (IncompleteSignature); date format (IncompleteSignature); expiry and clock skew, 5 minutes
 * either way, or X-Amz-Expires for a presigned request (InvalidSignature); host signed
 * (InvalidSignature); algorithm, credential shape (IncompleteSignature); scope (InvalidSignature);
 * access key (UnrecognizedClient); signature (InvalidSignature); a session token
 * (UnrecognizedClient: Keyward issues long-term keys only).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createScope, getCanonicalQuery } from '@smithy/signature-v4';
import {
  IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../src-shared/kms/errors.js';
import { sha256Hex } from '../crypto/hash.js';
import { hmacSha256 } from '../crypto/hmac.js';
import { equalBytes } from '../crypto/random.js';
import { formatAmzDate, header, parseQuery, partsFromHeader, partsFromQuery, signingDateOf, type SignatureParts } from './sigv4-parse.js';
import { deriveSigningKey, type SigningKeyCache } from './signing-keys.js';

export { formatAmzDate, parseAmzDate } from './sigv4-parse.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGNING_SERVICE = 'kms';
/** AWS KMS accepts requests signed at most 5 minutes before or after its own clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** The longest X-Amz-Expires, 7 days (S3 API Reference, "Authenticating Requests: Using Query Parameters"). */
export const MAX_PRESIGNED_SECONDS = 604_800;

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
  /** Where derived signing keys are kept between requests; without it, each request derives its own. */
  signingKeys?: SigningKeyCache;
}

/** The Authorization header's parts as the tests and tools read them. */
export function parseAuthorization(value: string, headers: IncomingHttpHeaders = { 'x-amz-date': '-' }) {
  const parts = partsFromHeader(value, headers);
  const [accessKeyId, scopeDate, scopeRegion, scopeService, scopeTerminator] = credentialScope(parts);
  return { algorithm: parts.algorithm, accessKeyId, scopeDate, scopeRegion, scopeService, scopeTerminator, signedHeaders: parts.signedHeaders, signature: parts.signature };
}

/** The five Credential elements (trailing slashes ignored), or IncompleteSignatureException. */
function credentialScope(parts: SignatureParts): [string, string, string, string, string] {
  const scope = parts.credential.replace(/\/+$/, '').split('/');
  if (scope.length !== 5) {
    throw new IncompleteSignatureException(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
    );
  }
  return scope as [string, string, string, string, string]; // length checked just above
}

/** Expired, or dated too far ahead: InvalidSignatureException with AWS's sentence. */
function checkDate(parts: SignatureParts, signed: Date, now: Date): void {
  const at = formatAmzDate;
  if (signed.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${at(signed)} is still later than ${at(new Date(now.getTime() + MAX_CLOCK_SKEW_MS))} (${at(now)} + 5 min.)`,
    );
  }
  if (parts.expiresText !== undefined) {
    // Presigned: valid from X-Amz-Date for X-Amz-Expires seconds. AWS's text for a non-S3
    // presigned request past its expiry is not recorded; we use the skew sentence's form
    // with the window in seconds (a choice). The range and the number check are S3's texts.
    if (!/^\d+$/.test(parts.expiresText)) throw new IncompleteSignatureException('X-Amz-Expires should be a number');
    const seconds = Number(parts.expiresText);
    if (seconds > MAX_PRESIGNED_SECONDS) {
      throw new IncompleteSignatureException(
        `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_SECONDS} seconds`,
      );
    }
    if (now.getTime() - signed.getTime() > seconds * 1000) {
      throw new InvalidSignatureException(
        `Signature expired: ${at(signed)} is now earlier than ${at(new Date(now.getTime() - seconds * 1000))} (${at(now)} - ${seconds} sec.)`,
      );
    }
    return;
  }
  if (now.getTime() - signed.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature expired: ${at(signed)} is now earlier than ${at(new Date(now.getTime() - MAX_CLOCK_SKEW_MS))} (${at(now)} - 5 min.)`,
    );
  }
}

/** Scope errors, all of them in one message as AWS lists them; empty when the scope is right. */
function scopeErrors(scope: [string, string, string, string, string], region: string, iso: string, parts: SignatureParts): string {
  const [, date, scopeRegion, service, terminator] = scope;
  const errors: string[] = [];
  if (scopeRegion !== region) errors.push(`Credential should be scoped to a valid region, not '${scopeRegion}'.`);
  if (service !== SIGNING_SERVICE) errors.push(`Credential should be scoped to correct service: '${SIGNING_SERVICE}'.`);
  if (terminator !== 'aws4_request') errors.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  if (date !== iso.slice(0, 8)) {
    errors.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${iso.slice(0, 8)}', from '${parts.dateText}'.`);
  }
  return errors.join(' ');
}

const NEEDS_CANONICALISING = /[\r\n\t]| {2}|^ | $/;

/** A header value as SigV4 canonicalises it: trimmed, runs of spaces collapsed. */
function canonicalValue(v: string): string {
  if (!NEEDS_CANONICALISING.test(v)) return v;
  return v.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

/**
 * The canonical request: method, path, canonical query (without X-Amz-Signature), the
 * signed headers in the client's order of names (sorted, as SigV4 requires), the payload hash.
 * The endpoint serves only `/`, so the path needs no further encoding.
 */
function canonicalRequest(req: ReceivedRequest, signedHeaders: string[], payloadHash: string): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  let canonicalQuery = '';
  if (q >= 0) {
    const query = Object.fromEntries([...parseQuery(req.url.slice(q + 1))].map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
    canonicalQuery = getCanonicalQuery({ method: req.method, protocol: 'http:', hostname: '', path, headers: {}, query });
  }
  const names = [...signedHeaders].sort();
  let text = `${req.method}\n${path}\n${canonicalQuery}\n`;
  for (const n of names) text += `${n}:${canonicalValue(header(req.headers, n) ?? '')}\n`;
  return `${text}\n${names.join(';')}\n${payloadHash}`;
}

/** The request's signature (hex) under the signing key of `scope` (date/region/service/aws4_request). */
function computeSignature(secret: string, accessKeyId: string, scope: string, longDate: string, canonical: string, cache: SigningKeyCache | undefined): { signature: string; stringToSign: string } {
  const [shortDate, region, service] = scope.split('/') as [string, string, string]; // createScope's own format
  const stringToSign = `${SIGV4_ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonical)}`;
  const key = cache ? cache.get(accessKeyId, secret, shortDate, region, service) : deriveSigningKey(secret, shortDate, region, service);
  const mac = hmacSha256(key, stringToSign);
  if (!cache) key.fill(0);
  return { signature: Buffer.from(mac.buffer, mac.byteOffset, mac.byteLength).toString('hex'), stringToSign };
}

/** Check the request's SigV4 signature (synchronously: no step waits on I/O); returns the access key id that signed it, or throws the named AWS error. */
export function verifySigV4(req: ReceivedRequest, options: VerifyOptions): { accessKeyId: string } {
  const q = req.url.indexOf('?');
  const query = parseQuery(q < 0 ? '' : req.url.slice(q + 1));
  const authorization = header(req.headers, 'authorization');
  const byQuery = query.has('X-Amz-Algorithm');
  if (authorization !== undefined && byQuery) {
    throw new InvalidSignatureException("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if ((authorization === undefined && !byQuery) || (authorization !== undefined && !authorization.trim().startsWith('AWS4-'))) {
    throw new MissingAuthenticationTokenException('Request is missing Authentication Token');
  }
  const parts = authorization !== undefined ? partsFromHeader(authorization, req.headers) : partsFromQuery(query);
  const signed = signingDateOf(parts);
  checkDate(parts, signed, options.now);
  if (!parts.signedHeaders.includes('host') && !parts.signedHeaders.includes(':authority')) {
    throw new InvalidSignatureException("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (parts.algorithm !== SIGV4_ALGORITHM) {
    throw new IncompleteSignatureException(`Unsupported AWS 'algorithm': '${parts.algorithm}' (only ${SIGV4_ALGORITHM} for now). `);
  }
  const scope = credentialScope(parts);
  // The request's date as SigV4 writes it (X-Amz-Date as sent, once parsed strictly).
  const longDate = parts.dateFrom === 'X-Amz-Date' ? parts.dateText : formatAmzDate(signed);
  const wrongScope = scopeErrors(scope, options.region, longDate, parts);
  if (wrongScope) throw new InvalidSignatureException(wrongScope);
  const accessKeyId = scope[0];
  const secret = options.secretOf(accessKeyId);
  if (secret === undefined) throw new UnrecognizedClientException(UNRECOGNIZED_CLIENT_MESSAGE);

  const bodyHash = sha256Hex(req.body);
  const contentSha = header(req.headers, 'x-amz-content-sha256');
  // S3's header: the signer trusts it as the payload hash, so when present it must be the body's.
  if (contentSha !== undefined && contentSha !== bodyHash) {
    throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const payloadHash = contentSha !== undefined && parts.signedHeaders.includes('x-amz-content-sha256') ? contentSha : bodyHash;
  const credentialScopeText = createScope(scope[1], scope[2], scope[3]);
  const canonical = canonicalRequest(req, parts.signedHeaders, payloadHash);
  const { signature, stringToSign } = computeSignature(secret, accessKeyId, credentialScopeText, longDate, canonical, options.signingKeys);
  if (parts.signature.length !== signature.length || !equalBytes(Buffer.from(signature, 'utf8'), Buffer.from(parts.signature, 'utf8'))) {
    // AWS explains what it computed, so a client can find its own canonicalisation error.
    throw new InvalidSignatureException(
      `${INVALID_SIGNATURE_MESSAGE}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  if (header(req.headers, 'x-amz-security-token') !== undefined || query.has('X-Amz-Security-Token')) {
    throw new UnrecognizedClientException(UNRECOGNIZED_CLIENT_MESSAGE);
  }
  return { accessKeyId };
}
