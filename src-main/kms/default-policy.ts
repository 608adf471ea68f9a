/** The default key policy (stored only when a key's policy differs from it, vault-body.ts version 3). */

/** The default key policy JSON, giving the account root every kms: action (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html). */
export function defaultPolicy(accountId: string): string {
  if (last?.accountId === accountId) return last.policy;
  const policy = JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
    },
    null,
    2,
  );
  last = { accountId, policy };
  return policy;
}

/** The last policy made: serialising a vault asks for the same account's policy per key. */
let last: { accountId: string; policy: string } | undefined;
