import { z } from 'zod';
import { ValidationException } from './kms/errors.js';
import { jsonFormOf } from './wire.js';

/**
 * How a payload arrived: 'structured' (Electron IPC's structured clone, in-process calls:
 * bytes are Uint8Array, dates Date) or 'json' (the KMS endpoint and the browser bridge: bytes
 * are base64 strings, dates ISO 8601 strings, decoded by the schema's JSON form).
 */
export type PayloadEncoding = 'structured' | 'json';

/**
 * Parse an untrusted payload against a schema (its JSON form for 'json' payloads, see
 * src-shared/wire.ts). Failures become KMS's ValidationException, "1 validation error
 * detected: Value at 'numberOfBytes' failed to satisfy constraint: ..." (AWS KMS API
 * Reference, "Common Errors"). KMS echoes the offending value; we never do, since it may be
 * a plaintext or passphrase. Output: the structured value (Uint8Array, Date) either way.
 */
export function parseRequest<S extends z.ZodType>(schema: S, payload: unknown, encoding: PayloadEncoding = 'structured'): z.output<S> {
  // The JSON form is built from the same definition, so its output type is the schema's.
  const result = (encoding === 'json' ? z.safeDecode(jsonFormOf(schema), payload) : schema.safeParse(payload)) as z.ZodSafeParseResult<z.output<S>>;
  if (result.success) return result.data;
  const issues = result.error.issues;
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'string' ? lowerCamel(p) : String(p))).join('.');
    const where = path ? ` at '${path}'` : '';
    return `Value${where} failed to satisfy constraint: ${issue.message}`;
  });
  const n = issues.length;
  throw new ValidationException(
    `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`,
  );
}

function lowerCamel(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
