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
 * Issue params a schema attaches to its refinements (zod `params`), read here. `service`:
 * not a model constraint but a rule the service checks once the model validation passed,
 * answered with its own sentence as the whole message (e.g. `NumberOfBytes is required.`,
 * `PendingWindowInDays must be between 7 and 30`).
 */
export interface KmsIssueParams {
  service?: boolean;
}

/** The KMS request schemas (structured forms) and their sensitive top-level members. */
const KMS_SCHEMAS = new WeakMap<z.core.$ZodType, ReadonlySet<string>>();

/**
 * Declare `schema` a KMS request schema (src-shared/kms/schemas.ts): its rejected values
 * are echoed as AWS echoes them, except the `sensitive` members' (AWS: `Value at 'plaintext'
 * failed to satisfy constraint: ...`, recorded in LocalStack's tests/aws/services/kms/test_kms.snapshot.json).
 * Keyward's own channels (vault passphrases, settings) never echo a value: any may be a secret.
 */
export function defineKmsRequestSchema(schema: z.core.$ZodType, sensitive: readonly string[]): void {
  KMS_SCHEMAS.set(schema, new Set(sensitive));
}

/** Echo nothing (Keyward's own channels). */
const ECHO_NOTHING = { has: (): boolean => true };

/**
 * Member path as AWS's model validation names it: each member name in lowerCamelCase,
 * a list element as `<list>.<n>.member` counted from 1 (`tags.1.member.tagKey`; AWS
 * Kinesis and Firehose answers: `records.36.member.data`). A map entry is named `<map>.<key>`
 * with the key's first letter lowered like a member name: KMS's only request map
 * (EncryptionContext) has no model constraint on keys or values, so AWS never names one;
 * this spelling is our choice.
 */
export function memberPath(path: readonly PropertyKey[]): string {
  const out: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') out.push(`${p + 1}`, 'member');
    else out.push(typeof p === 'string' ? lowerCamel(p) : String(p));
  }
  return out.join('.');
}

/**
 * A value as AWS's (Java) model validation prints it between quotes: strings as they are,
 * numbers and booleans in decimal, blobs as `java.nio.HeapByteBuffer[pos=0 lim=N cap=N]`
 * (AWS answers for blob members: Kinesis `records.1.member.data`, Rekognition `image.bytes`),
 * lists as Java's List.toString `[a, b]`. `undefined` means absent: AWS writes `null`.
 */
export function formatValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v) ?? 'null').join(', ')}]`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function paramsOf(issue: z.core.$ZodIssue): KmsIssueParams {
  return issue.code === 'custom' ? ((issue.params ?? {}) as KmsIssueParams) : {}; // params are ours (schemas.ts)
}

/**
 * One issue as AWS writes it: `Value '<v>' at '<member>' failed to satisfy constraint: <c>`;
 * `Value at '<member>'` for a sensitive member; `Value null at '<member>' ... Member must not
 * be null` for a missing required member (AWS's text as KMS clients quote it and as
 * nsmithuk/local-kms answers: "Value null at 'keyId' failed to satisfy constraint: Member
 * must not be null").
 */
function describeIssue(issue: z.core.$ZodIssue, hidden: { has(member: string): boolean }): string {
  const where = issue.path.length > 0 ? ` at '${memberPath(issue.path)}'` : '';
  if (issue.input === undefined) {
    return `Value null${where} failed to satisfy constraint: Member must not be null`;
  }
  const shown = hidden.has(String(issue.path[0] ?? '')) ? undefined : formatValue(issue.input);
  const value = shown === undefined ? 'Value' : shown === null ? 'Value null' : `Value '${shown}'`;
  return `${value}${where} failed to satisfy constraint: ${issue.message}`;
}

/**
 * The ValidationException text for a failed parse, as AWS KMS answers it (AWS KMS API
 * Reference, "Common Errors": ValidationException): model constraints first, all of them,
 * `1 validation error detected: <part>` or `<n> validation errors detected: <part>; <part>`;
 * only when the model constraints hold, the first service rule's own sentence. The values
 * of the top-level members in `hidden` are never shown.
 */
export function validationMessage(issues: readonly z.core.$ZodIssue[], hidden: { has(member: string): boolean } = new Set()): string {
  const model = issues.filter((i) => !paramsOf(i).service);
  if (model.length === 0) return issues[0]?.message ?? '';
  const n = model.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${model.map((i) => describeIssue(i, hidden)).join('; ')}`;
}

/**
 * Parse an untrusted payload against a schema (its JSON form for 'json' payloads, see
 * src-shared/wire.ts). Throws ValidationException with AWS's model-validation text
 * (`validationMessage`): the rejected value is named, except for sensitive members and on
 * Keyward's own channels (only KMS request schemas echo, see defineKmsRequestSchema).
 * Output: the structured value (Uint8Array, Date) either way.
 */
export function parseRequest<S extends z.ZodType>(schema: S, payload: unknown, encoding: PayloadEncoding = 'structured'): z.output<S> {
  const ctx = { reportInput: true };
  // The JSON form is built from the same definition, so its output type is the schema's.
  const result = (encoding === 'json' ? z.safeDecode(jsonFormOf(schema), payload, ctx) : schema.safeParse(payload, ctx)) as z.ZodSafeParseResult<z.output<S>>;
  if (result.success) return result.data;
  throw new ValidationException(validationMessage(result.error.issues, KMS_SCHEMAS.get(schema) ?? ECHO_NOTHING));
}

function lowerCamel(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
