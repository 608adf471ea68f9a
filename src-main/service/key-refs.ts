/** Which keys a call touched, for the audit record's `resources` (best effort, never throws). */
import { keyArn, resolveKey } from '../kms/identifiers.js';
import type { VaultState } from '../kms/model.js';

const REQUEST_FIELDS = ['KeyId', 'TargetKeyId', 'SourceKeyId', 'DestinationKeyId'] as const;
const RESPONSE_FIELDS = ['KeyId', 'SourceKeyId'] as const;
/**
 * The response member that names, as an ARN, the key a request member chose (KMS API
 * Reference: Encrypt, Decrypt, GenerateDataKey*, Sign, ... answer `KeyId` with the ARN of
 * the key used; ReEncrypt answers SourceKeyId and KeyId for its source and destination;
 * DescribeKey answers KeyMetadata.Arn). When it is there, the engine already resolved the
 * key: it is not resolved a second time.
 */
const ANSWERED_BY: Record<(typeof REQUEST_FIELDS)[number], string | undefined> = {
  KeyId: 'KeyId',
  SourceKeyId: 'SourceKeyId',
  DestinationKeyId: 'KeyId',
  TargetKeyId: undefined,
};

function field(o: unknown, name: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[name] : undefined; // plain record read
}

/**
 * ARNs named by the response (KeyId, SourceKeyId, KeyMetadata.Arn) or by the request's key
 * fields resolved against `state` (aliases included) when the response does not already name
 * that key. Never throws: unknown keys are skipped.
 */
export function keyArnsOf(state: VaultState | undefined, request: unknown, response: unknown): string[] {
  const arns = new Set<string>();
  for (const f of RESPONSE_FIELDS) {
    const v = field(response, f);
    if (typeof v === 'string' && v.startsWith('arn:')) arns.add(v);
  }
  const md = field(response, 'KeyMetadata');
  const mdArn = field(md, 'Arn');
  if (typeof mdArn === 'string') arns.add(mdArn);
  if (state) {
    for (const f of REQUEST_FIELDS) {
      const v = field(request, f);
      if (typeof v !== 'string') continue;
      const answeredBy = ANSWERED_BY[f];
      const answered = answeredBy === undefined ? undefined : field(response, answeredBy);
      if ((typeof answered === 'string' && answered.startsWith('arn:')) || (f === 'KeyId' && typeof mdArn === 'string')) continue;
      try {
        arns.add(keyArn(state, resolveKey(state, v, { allowAlias: true }).keyId));
      } catch {
        // The request named no existing key; the error record says so.
      }
    }
  }
  return [...arns];
}
