/**
 * AWS JSON 1.1 bodies of the local KMS endpoint (AWS KMS API Reference, "Common
 * Parameters"; blobs are base64 strings, timestamps epoch seconds).
 *
 * Requests: the body is parsed as JSON, checked against the operation's wire shape (which
 * knows the blob members, from the JSON schema: src-shared/kms/schemas.ts `KmsJsonSchemas`)
 * with each blob decoded once, and handed to the router, whose schema checks the rest.
 * Responses follow one rule: every Uint8Array becomes base64 and every Date epoch seconds,
 * at any depth (KMS responses carry blobs and timestamps nowhere else).
 */
import { KmsSchemas, type KmsOperation } from '../../src-shared/kms/schemas.js';
import { jsonFormOf } from '../../src-shared/wire.js';
import { parseWireBody, wireShapeOf, type WireShape } from '../../src-shared/wire-shape.js';
import { base64DecodeCanonical, base64Encode } from '../platform/base64.js';

const ANY_STRUCTURE: WireShape = { kind: 'structure', members: {} };
const SHAPES = new Map<KmsOperation, WireShape>();

/** The wire shape of an operation's request (its JSON form's), built once. */
function shapeOf(op: KmsOperation): WireShape {
  let shape = SHAPES.get(op);
  if (!shape) {
    shape = wireShapeOf(jsonFormOf(KmsSchemas[op]));
    SHAPES.set(op, shape);
  }
  return shape;
}

/**
 * Parse an AWS JSON 1.1 request body and check it against the operation's wire shape
 * (src-shared/wire-shape.ts): SerializationException, as AWS answers it, for a body that is
 * not a JSON object (empty included) or a member of the wrong JSON type or a blob that is
 * not base64. Without `op`, only the body's own form is checked. Blobs are decoded here, once
 * (Buffer, strict: platform/base64.ts), and handed on as Uint8Array, which the schema's
 * base64 codec takes as it is.
 */
export function decodeRequest(body: string, op?: KmsOperation): Record<string, unknown> {
  return parseWireBody(op ? shapeOf(op) : ANY_STRUCTURE, body, base64DecodeCanonical);
}

/** Serialise a router answer as AWS JSON 1.1: Uint8Array -> base64, Date -> epoch seconds. */
export function encodeResponse(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key: string, v: unknown) {
    // toJSON has already run on v (Date -> ISO string, Buffer -> {type, data}); the holder still has the original.
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Uint8Array) return base64Encode(raw);
    return v;
  });
}
