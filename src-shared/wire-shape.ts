/**
 * The AWS JSON 1.1 wire-shape check: before any member validation, AWS's JSON protocol layer
 * refuses a request whose JSON does not have the operation's shape with HTTP 400
 * `SerializationException` (AWS KMS API Reference, "Common Errors"). This walks the
 * request's JSON member by member against the JSON form of the channel's schema (string,
 * integer, boolean, blob as base64, list, map, structure) and answers with the message AWS's
 * front end gives for each kind of mismatch.
 *
 * The messages are AWS's as recorded against AWS JSON-protocol services (KMS's own texts
 * for these cases are not published; the front end is shared):
 * - mhart/dynalite test/helpers.js (recorded against DynamoDB): "Start of list found where
 *   not expected", "Start of structure or map found where not expected.", "Expected list or
 *   null", "Expected map or null", "Expected null", and for blobs "... can not be converted
 *   to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5",
 *   "Invalid Base64 character: '='", "Invalid last non-pad Base64 character dectected" (sic).
 * - Recent recordings against Athena (JSON 1.1): scalar mismatches read
 *   "STRING_VALUE can not be converted to an Integer", "NUMBER_VALUE can not be converted to
 *   a String", "TRUE_VALUE can not be converted to a String"; a JSON null is the same as an
 *   absent member; a fractional number for an integer is truncated, not refused; unknown
 *   members are ignored.
 * Choices where nothing is recorded: the FALSE_VALUE, Boolean and Blob combinations follow
 * the same pattern; a blob's text is never echoed (KMS blobs are plaintexts and messages),
 * so the base64 reasons are given without the "'<value>' can not be converted to a Blob:"
 * prefix.
 */
import type { z } from 'zod';
import { SerializationException } from './kms/errors.js';

/** What a member must look like on the wire. */
export type WireShape =
  | { kind: 'string' | 'integer' | 'boolean' | 'blob' | 'any' }
  | { kind: 'list'; member: WireShape }
  | { kind: 'map'; value: WireShape }
  | { kind: 'structure'; members: Record<string, WireShape> };

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
};

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as Def; // every zod 4 def has `type`; the other fields are read only for the types that carry them
}

/**
 * The wire shape of a JSON-form schema (src-shared/wire.ts `jsonFormOf`): a codec whose
 * input accepts a Uint8Array is a blob (base64 text on the wire); number members are
 * integers (every KMS number member is an Integer in the API model).
 */
export function wireShapeOf(schema: z.core.$ZodType): WireShape {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return def.innerType ? wireShapeOf(def.innerType) : { kind: 'any' };
    case 'string':
    case 'enum':
    case 'literal':
      return { kind: 'string' };
    case 'number':
    case 'int':
      return { kind: 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'pipe': {
      if (!def.in) return { kind: 'any' };
      const input = defOf(def.in);
      if (input.type === 'union' && input.options?.some((o) => defOf(o).type === 'custom')) return { kind: 'blob' };
      return wireShapeOf(def.in);
    }
    case 'array':
      return def.element ? { kind: 'list', member: wireShapeOf(def.element) } : { kind: 'any' };
    case 'record':
      return def.valueType ? { kind: 'map', value: wireShapeOf(def.valueType) } : { kind: 'any' };
    case 'object': {
      const members: Record<string, WireShape> = {};
      for (const [name, member] of Object.entries(def.shape ?? {})) members[name] = wireShapeOf(member);
      return { kind: 'structure', members };
    }
    default:
      return { kind: 'any' };
  }
}

const TARGET: Record<string, string> = { string: 'a String', integer: 'an Integer', boolean: 'a Boolean', blob: 'a Blob' };

/** Jackson's token name for a JSON scalar, as AWS's messages print it. */
function tokenOf(value: string | number | boolean): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
}

const BASE64_CHAR = /^[A-Za-z0-9+/]$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Why `text` is not canonical padded base64 (RFC 4648 §4), in AWS's words; undefined if it is. */
export function base64Problem(text: string): string | undefined {
  if (text.length % 4 !== 0) return `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - pad);
  for (const c of body) {
    if (!BASE64_CHAR.test(c)) return `Invalid Base64 character: '${c}'`;
  }
  if (pad > 0) {
    // The unused low bits of the last character before the padding must be zero.
    const last = BASE64_ALPHABET.indexOf(body[body.length - 1] ?? 'A');
    if ((last & (pad === 2 ? 0b1111 : 0b11)) !== 0) return 'Invalid last non-pad Base64 character dectected';
  }
  return undefined;
}

function fail(message: string): never {
  throw new SerializationException(message);
}

/**
 * Decodes a blob's text when it is canonical padded base64 (RFC 4648 §4) and answers
 * undefined otherwise; given to the check, a blob is decoded once and handed on as bytes.
 */
export type BlobDecoder = (text: string) => Uint8Array | undefined;

/**
 * Check `value` against `shape`; returns it as the schema should read it (JSON nulls of
 * structure members dropped, fractional integers truncated, blobs as bytes when `decode` is
 * given). Throws SerializationException with AWS's message at the first mismatch.
 */
export function checkWireShape(shape: WireShape, value: unknown, decode?: BlobDecoder): unknown {
  if (shape.kind === 'any' || value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    if (shape.kind !== 'list') fail('Start of list found where not expected');
    return value.map((v) => checkWireShape(shape.member, v, decode));
  }
  if (typeof value === 'object') {
    if (shape.kind === 'map') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = checkWireShape(shape.value, v, decode);
      return out;
    }
    if (shape.kind !== 'structure') fail('Start of structure or map found where not expected.');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null) continue; // a JSON null is an absent member
      const member = shape.members[k];
      out[k] = member ? checkWireShape(member, v, decode) : v; // unknown members are ignored (the schema drops them)
    }
    return out;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return value;
  switch (shape.kind) {
    case 'list':
      return fail('Expected list or null');
    case 'map':
      return fail('Expected map or null');
    case 'structure':
      return fail('Expected null');
    case 'integer':
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : value;
      break;
    case 'string':
    case 'boolean':
      if (typeof value === (shape.kind === 'string' ? 'string' : 'boolean')) return value;
      break;
    case 'blob':
      if (typeof value === 'string') {
        const bytes = decode?.(value);
        if (bytes !== undefined) return bytes;
        const problem = base64Problem(value);
        if (problem !== undefined) fail(problem);
        if (decode) fail('Invalid Base64 encoding');
        return value;
      }
      break;
  }
  return fail(`${tokenOf(value)} can not be converted to ${TARGET[shape.kind] ?? shape.kind}`);
}

/**
 * Parse an AWS JSON 1.1 body and check its wire shape. A body that is not JSON, empty, or a
 * JSON scalar is `SerializationException` with no message (as AWS answers it); a JSON array
 * is "Start of list found where not expected". With `decode`, blobs come back as bytes.
 */
export function parseWireBody(shape: WireShape, body: string, decode?: BlobDecoder): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('');
  }
  if (Array.isArray(parsed)) fail('Start of list found where not expected');
  if (parsed === null || typeof parsed !== 'object') fail('');
  return checkWireShape(shape, parsed, decode) as Record<string, unknown>; // a structure shape maps an object to an object
}
