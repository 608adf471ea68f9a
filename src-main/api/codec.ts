/**
 * AWS JSON 1.1 bodies of the local KMS endpoint (AWS KMS API Reference, "Common
 * Parameters"; blobs are base64 strings, timestamps epoch seconds).
 *
 * Requests: the body is parsed as JSON and handed to the router as it is; the router decodes
 * it with the operation's JSON schema (src-shared/kms/schemas.ts `KmsJsonSchemas`: every blob
 * field is a base64 codec), so no code here knows which fields are blobs.
 * Responses follow one rule: every Uint8Array becomes base64 and every Date epoch seconds,
 * at any depth (KMS responses carry blobs and timestamps nowhere else).
 */
import { ValidationException } from '../../src-shared/kms/errors.js';
import { bytesToBase64 } from '../../src-shared/wire.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse an AWS JSON 1.1 request body (empty means `{}`). Throws ValidationException when it
 * is not JSON or not an object.
 */
export function decodeRequest(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new ValidationException('The request body is not valid JSON.');
  }
  if (!isPlainObject(parsed)) throw new ValidationException('The request body must be a JSON object.');
  return parsed;
}

/** Serialise a router answer as AWS JSON 1.1: Uint8Array -> base64, Date -> epoch seconds. */
export function encodeResponse(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key: string, v: unknown) {
    // toJSON has already run on v (Date -> ISO string, Buffer -> {type, data}); the holder still has the original.
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Uint8Array) return bytesToBase64(raw);
    return v;
  });
}
