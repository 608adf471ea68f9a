import { describe, expect, it } from 'vitest';
import { auditInput as input } from './_test-records.js';
import { canonicalLineParts } from './canonical-line.js';
import { canonicalJson, sealRecordLine, type UnsealedRecord } from './chain.js';
import { buildAuditEvent } from './event-builder.js';

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
    const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
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
