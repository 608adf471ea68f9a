import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto/hash.js';
import type { CallerContext } from '../platform/caller.js';
import { AUDIT_LIMITS, boundString, boundStructure, boundTree, OMITTED_KEY, type OmittedMarker } from './bounds.js';
import { buildAuditEvent, type AuditEventInput } from './event-builder.js';

const bytes = (s: string): number => new TextEncoder().encode(s).length;
const jsonBytes = (v: unknown): number => bytes(JSON.stringify(v));
const MARK = /…\[omitted: (\d+) bytes, sha256:([0-9a-f]{64})\]$/;

describe('boundString', () => {
  it('keeps a string that fits, exactly at the limit too', () => {
    expect(boundString('abc', 3)).toBe('abc');
    expect(boundString('x'.repeat(1024), 1024)).toBe('x'.repeat(1024));
  });

  it('cuts a longer one to a prefix, the marker with the byte count and the SHA-256 of the whole', () => {
    const s = 'A'.repeat(1 << 20);
    const out = boundString(s, 1024);
    expect(bytes(JSON.stringify(out)) - 2).toBeLessThanOrEqual(1024);
    const m = MARK.exec(out);
    expect(m?.[1]).toBe(String(1 << 20));
    expect(m?.[2]).toBe(sha256Hex(s));
    expect(out.startsWith('A'.repeat(800))).toBe(true);
  });

  it('counts JSON escapes and multi-byte characters, and never splits a surrogate pair', () => {
    for (const unit of ['\u0000', '"', 'é', '€', '😀', '\ud800']) {
      const out = boundString(unit.repeat(5000), 512);
      expect(bytes(JSON.stringify(out)) - 2, JSON.stringify(unit)).toBeLessThanOrEqual(512);
      expect(out).toMatch(MARK);
    }
    const emoji = boundString('😀'.repeat(1000), 300).replace(MARK, '');
    expect(emoji.length % 2).toBe(0);
    expect(emoji).toBe('😀'.repeat(emoji.length / 2));
  });
});

describe('boundTree: entries and depth', () => {
  it('keeps the first entries of a long array and marks the rest with their count and hash', () => {
    const arr = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    const out = boundTree(arr) as unknown[];
    expect(out).toHaveLength(AUDIT_LIMITS.entries + 1);
    const marker = out.at(-1) as OmittedMarker;
    expect(marker).toMatchObject({ omitted: true, entries: 1000 - AUDIT_LIMITS.entries });
    expect(marker.sha256).toBe(sha256Hex(JSON.stringify(arr.slice(AUDIT_LIMITS.entries))));
  });

  it('keeps the first members of a large map under (omitted), and cuts long member names', () => {
    const map = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v']));
    const out = boundTree({ ...map, ['K'.repeat(5000)]: 'x' }) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(AUDIT_LIMITS.entries + 1);
    expect(out[OMITTED_KEY]).toMatchObject({ omitted: true, entries: 501 - AUDIT_LIMITS.entries });
    const longKey = boundTree({ ['K'.repeat(5000)]: 'x' }) as Record<string, unknown>;
    expect(Object.keys(longKey)[0]).toMatch(MARK);
  });

  it('replaces a structure nested deeper than the limit by a marker', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = { d: deep };
    const out = JSON.stringify(boundTree(deep));
    expect(out.split('"d"').length - 1).toBe(AUDIT_LIMITS.depth);
    expect(out).toContain('"omitted":true');
  });
});

describe('boundStructure', () => {
  it('keeps the members that fit and names the rest in one marker with the hash of what was dropped', () => {
    const v = { keyId: 'k-1', a: 'a'.repeat(1000), b: 'b'.repeat(1000), c: 'c'.repeat(1000), d: 'd'.repeat(1000), e: 'e'.repeat(1000) };
    const out = boundStructure(v, 4096);
    expect(out).not.toBeNull();
    expect(jsonBytes(out)).toBeLessThanOrEqual(4096);
    expect(out?.['keyId']).toBe('k-1');
    const marker = out?.[OMITTED_KEY] as OmittedMarker;
    expect(marker.omitted).toBe(true);
    const kept = Object.keys(out ?? {}).filter((k) => k !== OMITTED_KEY);
    const dropped = Object.fromEntries(Object.entries(v).filter(([k]) => !kept.includes(k)));
    expect(marker.entries).toBe(Object.keys(dropped).length);
    expect(marker.sha256).toBe(sha256Hex(JSON.stringify(dropped)));
  });

  it('passes null and small structures through unchanged', () => {
    expect(boundStructure(null, 10)).toBeNull();
    expect(boundStructure({ keyId: 'k', tags: [{ tagKey: 'a', tagValue: 'b' }] }, 4096)).toEqual({ keyId: 'k', tags: [{ tagKey: 'a', tagValue: 'b' }] });
  });
});

describe('buildAuditEvent: every field kind is bounded', () => {
  // Each value is distinct memory in a parsed request; a few MB in all, as a request body would be.
  const huge = 'Z'.repeat(1 << 20);
  const ctrl = '\u0001'.repeat(1 << 16);
  const mid = 'M'.repeat(2048);
  const caller: CallerContext = { transport: 'api', sourceIPAddress: ctrl, userAgent: huge, accessKeyId: huge };
  const input: AuditEventInput = {
    channel: 'kms:TagResource',
    request: {
      KeyId: huge,
      Description: ctrl,
      EncryptionContext: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`${'\u0001'.repeat(300)}${i}`, mid])),
      Tags: Array.from({ length: 300 }, () => ({ TagKey: mid, TagValue: '\u0001'.repeat(300) })),
      TagKeys: Array.from({ length: 300 }, () => mid),
    },
    response: { KeyMetadata: { KeyId: huge, Arn: ctrl, KeyState: huge } },
    error: { name: 'ValidationException', message: huge },
    caller,
    accountId: '111122223333',
    region: 'us-east-1',
    now: new Date('2026-01-02T03:04:05Z'),
    keyArns: Array.from({ length: 1000 }, (_, i) => `arn:aws:kms:us-east-1:111122223333:key/${i}`).concat([huge]),
    readOnly: false,
    requestId: huge,
  };

  it('a record built from megabytes of input stays under 12 KiB and says what it cut', () => {
    const succeeded: AuditEventInput = { ...input };
    delete succeeded.error;
    const ok = buildAuditEvent(succeeded);
    const failed = buildAuditEvent(input);
    for (const e of [ok, failed]) expect(jsonBytes(e)).toBeLessThan(12 * 1024);
    expect(failed.userAgent).toMatch(MARK);
    expect(MARK.exec(failed.userAgent)?.[2]).toBe(sha256Hex(huge));
    expect(failed.sourceIPAddress).toMatch(MARK);
    expect(failed.userIdentity.accessKeyId).toMatch(MARK);
    expect(failed.errorMessage).toMatch(MARK);
    expect(failed.requestID).toMatch(MARK);
    expect(jsonBytes(failed.requestParameters)).toBeLessThanOrEqual(AUDIT_LIMITS.requestParametersBytes);
    expect(failed.requestParameters?.[OMITTED_KEY]).toMatchObject({ omitted: true });
    expect(String(failed.requestParameters?.['keyId'])).toMatch(MARK);
    expect(jsonBytes(ok.responseElements)).toBeLessThanOrEqual(AUDIT_LIMITS.responseElementsBytes);
    expect(failed.resources).toHaveLength(AUDIT_LIMITS.resources);
    expect(failed.resources?.some((r) => r.ARN === huge)).toBe(false);
  });
});
