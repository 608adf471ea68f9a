/**
 * AWS JSON 1.1 bodies <-> the KMS request and response values the router takes and gives
 * (reference/kms-api.md §1): blobs are base64 strings on the wire and Uint8Array inside;
 * timestamps are epoch seconds on the wire and Dates inside.
 *
 * Which request fields are blobs is read from the zod schemas in src-shared/kms/schemas.ts
 * (every `z.instanceof(Uint8Array)`, however deep), so an operation added to KmsSchemas is
 * served without code here. Responses need no plan: any Uint8Array becomes base64 and any
 * Date epoch seconds.
 */
import { z } from 'zod';
import { ValidationException } from '../../src-shared/kms/errors.js';
import { KmsSchemas, type KmsOperation } from '../../src-shared/kms/schemas.js';

/** Where the blobs are in a request: only branches that hold one. */
export type BinaryPlan =
  | { kind: 'bytes' }
  | { kind: 'object'; fields: ReadonlyMap<string, BinaryPlan> }
  | { kind: 'array'; element: BinaryPlan }
  | { kind: 'record'; value: BinaryPlan };

const MAX_DEPTH = 16;

/**
 * Is this custom schema a `z.instanceof(Uint8Array)`? zod keeps the class in `bag.Class`, but
 * `.refine()` clones the schema without it; the instance test itself (`def.fn`) survives.
 */
function acceptsBytes(schema: z.ZodCustom): boolean {
  if (schema._zod.bag.Class === Uint8Array) return true;
  const fn: unknown = schema._zod.def.fn;
  if (typeof fn !== 'function') return false;
  try {
    return fn(new Uint8Array(0)) === true && fn('') !== true && fn({}) !== true;
  } catch {
    return false;
  }
}

/** The binary plan of a schema, or undefined when it holds no blob. */
export function binaryPlanOf(schema: z.core.$ZodType, depth = 0): BinaryPlan | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (schema instanceof z.ZodCustom) return acceptsBytes(schema) ? { kind: 'bytes' } : undefined;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault
    || schema instanceof z.ZodReadonly || schema instanceof z.ZodNonOptional || schema instanceof z.ZodCatch
    || schema instanceof z.ZodPrefault) {
    return binaryPlanOf(schema._zod.def.innerType, depth + 1);
  }
  if (schema instanceof z.ZodPipe) return binaryPlanOf(schema._zod.def.in, depth + 1);
  if (schema instanceof z.ZodLazy) return binaryPlanOf(schema._zod.def.getter(), depth + 1);
  if (schema instanceof z.ZodObject) {
    const fields = new Map<string, BinaryPlan>();
    for (const [name, field] of Object.entries(schema.shape)) {
      const plan = binaryPlanOf(field, depth + 1);
      if (plan) fields.set(name, plan);
    }
    return fields.size > 0 ? { kind: 'object', fields } : undefined;
  }
  if (schema instanceof z.ZodArray) {
    const element = binaryPlanOf(schema._zod.def.element, depth + 1);
    return element ? { kind: 'array', element } : undefined;
  }
  if (schema instanceof z.ZodRecord) {
    const value = binaryPlanOf(schema._zod.def.valueType, depth + 1);
    return value ? { kind: 'record', value } : undefined;
  }
  if (schema instanceof z.ZodUnion) {
    // Blobs inside a union would need the member chosen first; none of KMS's shapes do this.
    return undefined;
  }
  return undefined;
}

/** Dotted paths of every blob field, for tests and docs: 'Plaintext', 'Recipient.AttestationDocument'. */
export function binaryPaths(plan: BinaryPlan | undefined, prefix = ''): string[] {
  if (!plan) return [];
  switch (plan.kind) {
    case 'bytes':
      return [prefix];
    case 'object':
      return [...plan.fields].flatMap(([name, p]) => binaryPaths(p, prefix ? `${prefix}.${name}` : name));
    case 'array':
      return binaryPaths(plan.element, `${prefix}[]`);
    case 'record':
      return binaryPaths(plan.value, `${prefix}{}`);
  }
}

const PLANS = new Map<string, BinaryPlan | undefined>();

/** The plan of an operation in KmsSchemas (memoised). */
export function requestPlan(op: KmsOperation): BinaryPlan | undefined {
  if (!PLANS.has(op)) PLANS.set(op, binaryPlanOf(KmsSchemas[op]));
  return PLANS.get(op);
}

/**
 * Strict base64 (RFC 4648 §4, padded, no whitespace) to a private Uint8Array, or undefined.
 * Node's decoder skips invalid characters, so the input must re-encode to itself: a native
 * round trip is several times faster than a validating regular expression.
 */
function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) {
    buf.fill(0);
    return undefined;
  }
  // A private copy: small Buffers share a pool, which a later fill(0) must not touch.
  const out = new Uint8Array(buf.length);
  out.set(buf);
  buf.fill(0);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Replace base64 strings at the plan's places with bytes (in place; `value` is fresh from JSON.parse). */
export function applyPlan(plan: BinaryPlan, value: unknown): unknown {
  switch (plan.kind) {
    case 'bytes':
      // Anything but valid base64 is left as it is: the router's schema refuses it with a
      // ValidationException, so the failed call is audited like any other.
      return typeof value === 'string' ? (decodeBase64(value) ?? value) : value;
    case 'object':
      if (!isPlainObject(value)) return value;
      for (const [name, p] of plan.fields) {
        if (Object.prototype.hasOwnProperty.call(value, name)) value[name] = applyPlan(p, value[name]);
      }
      return value;
    case 'array':
      return Array.isArray(value) ? value.map((v) => applyPlan(plan.element, v)) : value;
    case 'record':
      if (!isPlainObject(value)) return value;
      for (const k of Object.keys(value)) value[k] = applyPlan(plan.value, value[k]);
      return value;
  }
}

/** Parse an AWS JSON 1.1 request body into the router's payload for `op`. */
export function decodeRequest(op: KmsOperation, body: string): unknown {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new ValidationException('The request body is not valid JSON.');
  }
  if (!isPlainObject(parsed)) throw new ValidationException('The request body must be a JSON object.');
  const plan = requestPlan(op);
  return plan ? applyPlan(plan, parsed) : parsed;
}

/** Serialise a router answer as AWS JSON 1.1: Uint8Array -> base64, Date -> epoch seconds. */
export function encodeResponse(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key: string, v: unknown) {
    // toJSON has already run on v (Date -> ISO string, Buffer -> {type, data}); the holder still has the original.
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
    return v;
  });
}
