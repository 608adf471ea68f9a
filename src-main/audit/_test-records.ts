/**
 * Audit event inputs for tests: 400 deterministic calls of every caller kind, small and
 * oversized (bounded, omitted), failed and successful, with strings full of escapes.
 */
import type { CallerContext } from '../platform/caller.js';
import type { AuditEventInput } from './event-builder.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CALLERS: (CallerContext | 'scheduler')[] = [
  { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'Keyward/0.1 (Electron)' },
  { transport: 'api', sourceIPAddress: '127.0.0.1', userAgent: 'aws-cli/2 "quoted" \\ \u2028 \u{1F600}', accessKeyId: 'AKIAKEYWARDEXAMPLE01', requestId: 'r' },
  { transport: 'host', sourceIPAddress: 'x'.repeat(500), userAgent: 'é'.repeat(2000) },
  'scheduler',
];

/** A deterministic generator (no Math.random: a failure must replay). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function text(r: () => number, n: number): string {
  const pool = ['a', 'Z', '"', '\\', '\n', '\u0001', 'é', '\u{1F511}', '\ud800', ' ', '/', '<'];
  return Array.from({ length: n }, () => pool[Math.floor(r() * pool.length)]).join('');
}

export function auditInput(i: number): AuditEventInput {
  const r = lcg(i + 1);
  const big = r() < 0.3;
  const context = Object.fromEntries(Array.from({ length: big ? 66 : 3 }, (_, j) => [text(r, j === 0 && big ? 300 : 5) + j, text(r, j === 1 && big ? 1500 : 8)]));
  const request: Record<string, unknown> = { KeyId: r() < 0.5 ? ARN : 'alias/x', EncryptionContext: context, Plaintext: new Uint8Array(8), Description: text(r, big ? 5000 : 20) };
  if (r() < 0.3) request['Tags'] = Array.from({ length: big ? 70 : 2 }, (_, j) => ({ TagKey: `k${j}`, TagValue: text(r, 30) }));
  const failed = r() < 0.3;
  const callers = CALLERS[i % CALLERS.length]!;
  return {
    channel: ['kms:Encrypt', 'kms:CreateKey', 'vault:unlock', 'scheduler:RotateKey'][i % 4]!,
    request,
    ...(failed ? { error: { name: 'NotFoundException', message: text(r, big ? 1500 : 30) } } : { response: { KeyId: ARN, KeyMetadata: { KeyId: 'k', Arn: ARN, CreationDate: new Date(0), Enabled: true } } }),
    caller: callers,
    accountId: '111122223333',
    region: 'us-east-1',
    now: new Date(1_700_000_000_000 + i),
    keyArns: r() < 0.8 ? [ARN, `${ARN}0`] : [],
    readOnly: r() < 0.5,
    requestId: `req-${i}`,
  };
}

