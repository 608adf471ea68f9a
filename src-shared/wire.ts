/**
 * Binary and dates on the JSON transports (the local KMS endpoint, the headless host's
 * browser bridge), and the encodings. Pure TypeScript: no Buffer, no DOM.
 *
 * Requests are decoded by the channel's own schema. Every channel schema is written once for
 * structured clone (Electron IPC: bytes are Uint8Array, dates are Date); a channel with
 * binary or date fields also has a JSON form built from the same definition, in which those
 * fields are zod 4 codecs (base64 string <-> Uint8Array, RFC 3339 string <-> Date). The
 * router parses a JSON transport's payload with the JSON form (`jsonFormOf`), so what a field
 * means never depends on what its value looks like: an EncryptionContext `{"$b64": "..."}`
 * stays a map of strings on every transport.
 *
 * Replies: the endpoint writes AWS JSON 1.1 (api/ encodes blobs as base64 and timestamps as
 * epoch seconds); the bridge writes a ChannelResult whose `types` lists where the Uint8Array
 * and Date values were (`encodeTyped`/`decodeTyped`), so data can never pass for a type mark.
 *
 * base64, base64url, hex and base32 come from @scure/base (RFC 4648).
 */
import { base32, base64, base64urlnopad, hex } from '@scure/base';
import { z } from 'zod';

// ---- Encodings (RFC 4648) ----

/** Standard base64 (RFC 4648 §4, padded). */
export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/**
 * Strict base64 (RFC 4648 §4: padded, canonical, no whitespace). Throws RangeError on
 * anything else.
 */
export function base64ToBytes(text: string): Uint8Array {
  try {
    return base64.decode(text);
  } catch {
    throw new RangeError('"base64" expected canonical, padded base64 (RFC 4648 §4)');
  }
}

/** base64url without padding (RFC 4648 §5), e.g. for tokens in URLs. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/** Lowercase hex (RFC 4648 §8). */
export function bytesToHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

/** Even-length hex, either case. Throws RangeError on anything else. */
export function hexToBytes(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new RangeError('"hex" expected an even-length hex string');
  return hex.decode(text.toLowerCase());
}

/** base32 (RFC 4648 §6, upper case, padded), e.g. AWS access key ids. */
export function bytesToBase32(bytes: Uint8Array): string {
  return base32.encode(bytes);
}

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 (RFC 3629) text <-> bytes; decoding is strict. */
export const utf8 = {
  encode: (s: string): Uint8Array => UTF8_ENCODER.encode(s),
  /** Throws TypeError on invalid UTF-8. */
  decode: (b: Uint8Array): string => UTF8_DECODER.decode(b),
};

// ---- JSON forms of channel schemas (zod 4 codecs) ----

/** What a field schema reads over structured clone: Uint8Array or Date, with its checks. */
type Structured<T> = z.ZodType<T, T>;

/**
 * The JSON form of a binary field: a base64 string (RFC 4648 §4, canonical) decoded to the
 * structured schema's Uint8Array, then checked by it. A Uint8Array is taken as it is (an
 * in-process caller). Anything else fails with the structured schema's own message, so a
 * request fails alike on every transport.
 */
export function base64Field(structured: Structured<Uint8Array>, message: string) {
  return z.codec(z.union([z.string(), z.instanceof(Uint8Array)], { error: message }), structured, {
    decode: (value, payload) => {
      if (value instanceof Uint8Array) return value;
      try {
        return base64.decode(value);
      } catch {
        payload.issues.push({ code: 'custom', message, input: value });
        return z.NEVER;
      }
    },
    encode: (bytes) => base64.encode(bytes),
  });
}

/** RFC 3339 date-time in UTC as Date.prototype.toISOString writes it. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** The JSON form of a date field: an ISO 8601 UTC string (toISOString) <-> Date. */
export function isoDateField(structured: Structured<Date>, message: string) {
  return z.codec(z.union([z.string().regex(ISO_UTC), z.date()], { error: message }), structured, {
    decode: (value) => (value instanceof Date ? value : new Date(value)),
    encode: (date) => date.toISOString(),
  });
}

const JSON_FORMS = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/** Declare `json` as the JSON form of `structured` (same fields, codecs where binary or dated). */
export function defineJsonForm(structured: z.core.$ZodType, json: z.core.$ZodType): void {
  JSON_FORMS.set(structured, json);
}

/** The schema a JSON transport's payload is parsed with: the declared JSON form, or the schema itself. */
export function jsonFormOf(schema: z.core.$ZodType): z.core.$ZodType {
  return JSON_FORMS.get(schema) ?? schema;
}

// ---- The bridge's JSON (headless host <-> browser) ----

/** A Uint8Array or Date in a typed JSON value, by its path from the root. */
export type TypeMark = [path: (string | number)[], type: 'bytes' | 'date'];

/**
 * JSON text of a request on a JSON transport: Uint8Array as base64, Date as ISO 8601 (what
 * the channel's JSON form decodes).
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? base64.encode(v) : v));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Copy `value` as plain JSON data, listing where its Uint8Array and Date values were. */
function toTyped(value: unknown, path: (string | number)[], marks: TypeMark[], depth: number): unknown {
  if (depth > 64) throw new RangeError('"value" nests deeper than 64 levels');
  if (value instanceof Uint8Array) {
    marks.push([path, 'bytes']);
    return base64.encode(value);
  }
  if (value instanceof Date) {
    marks.push([path, 'date']);
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v, i) => toTyped(v, [...path, i], marks, depth + 1));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toTyped(v, [...path, k], marks, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * JSON text of a bridge reply: `{...result, types}` where `types` lists the paths (from the
 * result's root) of every Uint8Array (written as base64) and Date (ISO 8601). The marks sit
 * beside the data, so no string or object inside it is ever taken for bytes or a date.
 */
export function encodeTyped(result: Record<string, unknown>): string {
  const marks: TypeMark[] = [];
  const data = toTyped(result, [], marks, 0);
  return JSON.stringify(marks.length > 0 ? { ...(data as Record<string, unknown>), types: marks } : data); // a record copies to a record
}

function isTypeMark(m: unknown): m is TypeMark {
  return Array.isArray(m) && m.length === 2 && Array.isArray(m[0]) && m[0].length > 0
    && m[0].every((p) => typeof p === 'string' || typeof p === 'number') && (m[1] === 'bytes' || m[1] === 'date');
}

function restore(root: Record<string, unknown>, [path, type]: TypeMark): void {
  let holder: unknown = root;
  for (const key of path.slice(0, -1)) holder = isRecord(holder) || Array.isArray(holder) ? (holder as Record<string | number, unknown>)[key] : undefined; // arrays index by number
  const last = path[path.length - 1]!; // isTypeMark: non-empty path
  if (!isRecord(holder) && !Array.isArray(holder)) throw new RangeError('a type mark names a missing value');
  const slot = holder as Record<string | number, unknown>; // narrowed above: an object or array
  const text = slot[last];
  if (typeof text !== 'string') throw new RangeError('a type mark names a value that is not a string');
  slot[last] = type === 'bytes' ? base64ToBytes(text) : new Date(text);
}

/**
 * Parse a bridge reply written by `encodeTyped`: restores the Uint8Array and Date values its
 * `types` lists and drops `types`. Throws SyntaxError (bad JSON) or RangeError (bad marks).
 */
export function decodeTyped(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed) || !('types' in parsed)) return parsed;
  const { types, ...rest } = parsed;
  if (!Array.isArray(types) || !types.every(isTypeMark)) throw new RangeError('"types" expected a list of type marks');
  for (const mark of types) restore(rest, mark);
  return rest;
}
