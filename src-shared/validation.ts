import type { z } from 'zod';
import { ValidationException } from './kms/errors.js';

/**
 * Parse an untrusted payload against a schema. Failures become KMS's ValidationException,
 * "1 validation error detected: Value at 'numberOfBytes' failed to satisfy constraint: ...".
 * KMS echoes the offending value; we never do, since it may be a plaintext or passphrase.
 */
export function parseRequest<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
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
