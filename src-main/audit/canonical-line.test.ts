import { describe, expect, it } from 'vitest';
import type { CallerContext } from '../platform/caller.js';
import { canonicalLineParts } from './canonical-line.js';
import { canonicalJson, sealRecordLine, type UnsealedRecord } from './chain.js';
import { buildAuditEvent, type AuditEventInput } from './event-builder.js';

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

function input(i: number): AuditEventInput {
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

function generic(event: UnsealedRecord): string {
  return canonicalJson({ ...event, chain: { prevHash: 'p', seq: 1 } });
}

function templated(event: UnsealedRecord): string {
  const { pre, post } = canonicalLineParts(event as unknown as Record<string, unknown>); // a record is a plain object
  return `${pre}"chain":{"prevHash":"p","seq":1}${post}`;
}

describe('canonicalLineParts: the fixed-order template is byte-identical to canonicalJson', () => {
  it('on 400 built records, bounded and omitted ones included', () => {
    let omitted = 0;
    for (let i = 0; i < 400; i++) {
      const event = buildAuditEvent(input(i));
      const want = generic(event);
      if (want.includes('omitted')) omitted += 1;
      expect(templated(event), `record ${i}`).toBe(want);
    }
    expect(omitted).toBeGreaterThan(50); // the bounded path was really exercised
  });

  it('on records with members the template does not know, or missing, or undefined', () => {
    const event = buildAuditEvent(input(3)) as unknown as Record<string, unknown>; // extended below with unknown members
    const variants: Record<string, unknown>[] = [
      { ...event, zzz: 1, AAA: [1, null, { b: 2, a: 1 }], chainless: 'x' },
      { ...event, userIdentity: { type: 'IAMUser', extra: 'e', arn: 'a' } },
      { ...event, resources: [{ ARN, accountId: '1', type: 'AWS::KMS::Key', other: true }, null] },
      { ...event, resources: 'not a list', errorCode: undefined, requestParameters: undefined },
      { eventName: 'x' },
      {},
    ];
    for (const v of variants) expect(templated(v as unknown as UnsealedRecord)).toBe(generic(v as unknown as UnsealedRecord)); // test shapes
  });

  it('refuses what canonicalJson refuses', () => {
    const event = buildAuditEvent(input(5));
    for (const bad of [new Uint8Array(1), new Date(0), Number.NaN, () => 1, 1n]) {
      const v = { ...event, requestParameters: { x: bad } } as unknown as UnsealedRecord; // a forbidden value, on purpose
      expect(() => generic(v)).toThrow(TypeError);
      expect(() => templated(v)).toThrow(TypeError);
    }
  });

  it('is what sealRecordLine stores', () => {
    const event = buildAuditEvent(input(7));
    const { record, line } = sealRecordLine(event, 9, 'b'.repeat(64));
    expect(line).toBe(canonicalJson(record));
  });
});
