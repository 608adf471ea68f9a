/**
 * Key policy text, validated as KMS validates it before any policy is evaluated (Keyward stores
 * the policy but does not enforce it yet). Rules, in the order applied:
 *
 * 1. Characters: the API model's PolicyType pattern `[\u0009\u000A\u000D\u0020-\u00FF]+`
 *    (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-Policy:
 *    printable ASCII, printable Basic Latin and Latin-1 Supplement, tab, line feed, carriage
 *    return). A model constraint, so a ValidationException in the model-validation wording.
 * 2. Size: at most 32 KB (32768 bytes), the key policy document size quota
 *    (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html). Over it:
 *    LimitExceededException, as every KMS resource quota.
 * 3. Document: JSON text of an object whose Statement is one statement or a non-empty list of
 *    them, each naming a Principal or NotPrincipal
 *    (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
 *    Otherwise MalformedPolicyDocumentException.
 */
import { LimitExceededException, MalformedPolicyDocumentException, ValidationException } from '../../src-shared/kms/errors.js';
import { utf8 } from '../../src-shared/wire.js';

/** The key policy document size quota in bytes (not adjustable). */
export const MAX_POLICY_BYTES = 32_768;

const POLICY_PATTERN_TEXT = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
/** Tab, line feed, carriage return, then U+0020..U+00FF (checked by code point: no control characters in a regex). */
function allowedPolicyChar(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xff);
}

/**
 * Rule 1, a model constraint checked with the request's other model constraints: characters
 * outside the PolicyType pattern are a ValidationException naming the value and the pattern.
 */
export function assertPolicyCharacters(policy: string): void {
  if (policy.length === 0 || ![...policy].every((c) => allowedPolicyChar(c.codePointAt(0) ?? 0))) {
    // KMS echoes the rejected value of a non-sensitive member (the policy is not sensitive in the model).
    throw new ValidationException(
      `1 validation error detected: Value '${policy}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: ${POLICY_PATTERN_TEXT}`,
    );
  }
}

/**
 * Rules 2 and 3 (after the model constraints): LimitExceededException over 32 KB,
 * MalformedPolicyDocumentException for text that is not a key policy document.
 */
export function validatePolicyText(policy: string): void {
  // Counted in UTF-8 bytes, as the quota is stated in bytes (our choice: AWS does not say which encoding it counts).
  const size = utf8.encode(policy).length;
  if (size > MAX_POLICY_BYTES) {
    // AWS documents the quota, not the sentence; ours names the quota and the size.
    throw new LimitExceededException(`The key policy document is ${size} bytes, over the ${MAX_POLICY_BYTES}-byte key policy document size quota.`);
  }
  const doc = parseJson(policy);
  // KMS answers text that is not a JSON policy document with an empty message (recorded answer:
  // https://github.com/aws/aws-sdk-ruby/issues/1784, Policy "not a real policy statement").
  if (!isObject(doc)) throw new MalformedPolicyDocumentException('');
  const statements = doc.Statement;
  const list = Array.isArray(statements) ? (statements as unknown[]) : statements === undefined ? [] : [statements];
  if (list.length === 0 || !list.every(isObject)) throw new MalformedPolicyDocumentException('');
  // "Each statement in the key policy must contain one or more principals" (CreateKey, Policy); AWS's sentence.
  if (!list.every((s) => isObject(s) && (s.Principal !== undefined || s.NotPrincipal !== undefined))) {
    throw new MalformedPolicyDocumentException('Policy contains a statement with one or more invalid principals.');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
