/**
 * Reading the parts of an AWS Signature Version 4 from a received request: the
 * `Authorization` header, or the query string of a presigned request (AWS IAM User Guide,
 * "Elements of an AWS API request signature",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html, and
 * "Authenticating Requests: Using Query Parameters",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
 *
 * Messages are those AWS's JSON-protocol front end answers, as recorded against AWS in
 * mhart/dynalite's validations (index.js: "Authorization header requires 'Credential'
 * parameter. ... Authorization=<header>", "AWS query-string parameters must include
 * 'X-Amz-Algorithm'. ... Re-examine the query-string parameters.", "Date must be in
 * ISO-8601 'basic format'. Got '<date>'. See http://en.wikipedia.org/wiki/ISO_8601").
 */
import type { IncomingHttpHeaders } from 'node:http';
import { IncompleteSignatureException } from '../../src-shared/kms/errors.js';

/** The parts of a signature, wherever the client put them. */
export interface SignatureParts {
  /** 'header': the Authorization header; 'query': a presigned request. */
  via: 'header' | 'query';
  algorithm: string;
  /** The Credential value as sent: `AKID/YYYYMMDD/region/service/aws4_request`. */
  credential: string;
  signedHeaders: string[];
  signature: string;
  /** The request date as sent (X-Amz-Date, or the Date header). */
  dateText: string;
  /** Where the date came from: the name AWS uses in messages. */
  dateFrom: 'X-Amz-Date' | 'Date';
  /** X-Amz-Expires as sent (presigned requests only). */
  expiresText?: string;
}

/** A header's value as one string (repeated headers joined with ','), or undefined. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * The query string as name -> values, each name and value percent-decoded; `+` stays `+`
 * (SigV4 encodes a space as %20, RFC 3986). Malformed escapes are kept as sent.
 */
export function parseQuery(search: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/**
 * The parts of `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
 * SignedHeaders=a;b, Signature=hex`. Throws IncompleteSignatureException naming every
 * missing parameter, and the missing date header, with the header appended as AWS does.
 */
export function partsFromHeader(authorization: string, headers: IncomingHttpHeaders): SignatureParts {
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const params = new Map<string, string>();
  for (const piece of (space < 0 ? '' : trimmed.slice(space + 1)).split(/[,\s]+/)) {
    const eq = piece.indexOf('=');
    if (eq > 0) params.set(piece.slice(0, eq), piece.slice(eq + 1));
  }
  let msg = '';
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) msg += `Authorization header requires '${name}' parameter. `;
  }
  const amzDate = header(headers, 'x-amz-date');
  const date = header(headers, 'date');
  if (!amzDate && !date) msg += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (msg) throw new IncompleteSignatureException(`${msg}Authorization=${authorization}`);
  // Checked just above: each parameter is a non-empty string, and one of the dates is.
  const signedHeaders = params.get('SignedHeaders')!;
  return {
    via: 'header',
    algorithm,
    credential: params.get('Credential')!,
    signedHeaders: signedHeaders.split(';').map((h) => h.toLowerCase()),
    signature: params.get('Signature')!,
    // X-Amz-Date first, then Date (AWS: "If we can't find an x-amz-date header, then we look for a date header").
    dateText: amzDate || date!,
    dateFrom: amzDate ? 'X-Amz-Date' : 'Date',
  };
}

const QUERY_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'] as const;

/** The parts of a presigned request; throws IncompleteSignatureException naming every missing parameter. */
export function partsFromQuery(query: Map<string, string[]>): SignatureParts {
  const first = (name: string): string => query.get(name)?.[0] ?? '';
  let msg = '';
  for (const name of QUERY_PARAMS) {
    if (!first(name)) msg += `AWS query-string parameters must include '${name}'. `;
  }
  if (msg) throw new IncompleteSignatureException(`${msg}Re-examine the query-string parameters.`);
  const expires = query.get('X-Amz-Expires')?.[0];
  return {
    via: 'query',
    algorithm: first('X-Amz-Algorithm'),
    credential: first('X-Amz-Credential'),
    signedHeaders: first('X-Amz-SignedHeaders').split(';').map((h) => h.toLowerCase()),
    signature: first('X-Amz-Signature'),
    dateText: first('X-Amz-Date'),
    dateFrom: 'X-Amz-Date',
    ...(expires === undefined ? {} : { expiresText: expires }),
  };
}

/** X-Amz-Date's basic ISO 8601 form, YYYYMMDD'T'HHMMSS'Z', to a Date (undefined if malformed). */
export function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject dates that overflowed (e.g. month 13) rather than normalising them.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return date;
}

/** An HTTP Date header (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) to a Date. */
export function parseHttpDate(text: string): Date | undefined {
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** A Date as X-Amz-Date writes it: YYYYMMDD'T'HHMMSS'Z'. */
export function formatAmzDate(d: Date): string {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ (years 0-9999)
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * The request date: X-Amz-Date in ISO 8601 basic format; a Date header in that form or as
 * an HTTP date. Throws IncompleteSignatureException with AWS's text otherwise.
 */
export function signingDateOf(parts: SignatureParts): Date {
  const date = parseAmzDate(parts.dateText) ?? (parts.dateFrom === 'Date' ? parseHttpDate(parts.dateText) : undefined);
  if (date === undefined) {
    throw new IncompleteSignatureException(`Date must be in ISO-8601 'basic format'. Got '${parts.dateText}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  return date;
}
