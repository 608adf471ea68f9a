/**
 * Scale check (ARCHITECTURE.md: millions of records). Prints timings for the lead's notes;
 * asserts only correctness, never time.
 */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit.js';
import { buildAuditEvent } from './event-builder.js';
import { AuditLog } from './store.js';

const N = 100_000;
const ACCOUNT = '111122223333';
const T0 = Date.parse('2026-01-01T00:00:00Z');
const keyId = (k: number) => `${k.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const arn = (k: number) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId(k)}`;
const OPS = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'Sign'];

function event(i: number): Omit<AuditRecord, 'chain'> {
  const k = i % 1000; // 1,000 keys
  const failed = i % 97 === 0;
  return buildAuditEvent({
    channel: `kms:${OPS[i % OPS.length]}`,
    request: { KeyId: arn(k), EncryptionContext: { tenant: `t${i % 50}`, order: String(i) }, Plaintext: new Uint8Array(32) },
    response: failed ? undefined : { KeyId: arn(k), KeyMaterialId: 'a'.repeat(64), CiphertextBlob: new Uint8Array(64) },
    ...(failed ? { error: { name: 'KMSInvalidStateException', message: `${arn(k)} is pending deletion.` } } : {}),
    caller: { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'Keyward/0.1 (Electron 45)' },
    accountId: ACCOUNT,
    region: 'us-east-1',
    now: new Date(T0 + i * 1000),
    keyArns: [arn(k)],
    readOnly: false,
    requestId: `req-${i}`,
  });
}

const ms = (t: number) => `${(performance.now() - t).toFixed(1)} ms`;

describe(`AuditLog at ${N.toLocaleString('en')} records`, () => {
  let dir: string;
  let log: AuditLog;
  const notes: string[] = [];

  beforeAll(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-scale-'));
    const writer = await AuditLog.open(dir, { segmentRecords: 20_000 });
    const events = Array.from({ length: N }, (_, i) => event(i));
    let t = performance.now();
    for (let i = 0; i < N; i++) await writer.append(events[i]!);
    const appendMs = performance.now() - t;
    notes.push(`append (sequential, await each): ${N} records in ${appendMs.toFixed(0)} ms = ${Math.round(N / (appendMs / 1000))}/s`);
    t = performance.now();
    await Promise.all(Array.from({ length: 5000 }, (_, i) => writer.append(event(N + i))));
    notes.push(`append (5,000 concurrent): ${ms(t)}`);
    await writer.close();
    const bytes = (await Promise.all((await fsp.readdir(dir)).map(async (f) => (await fsp.stat(join(dir, f))).size))).reduce((a, b) => a + b, 0);
    notes.push(`on disk: ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(bytes / (N + 5000))} B/record`);
    t = performance.now();
    log = await AuditLog.open(dir, { segmentRecords: 20_000 });
    notes.push(`open (index ${N + 5000} records, tail check): ${ms(t)}`);
  }, 300_000);

  afterAll(async () => {
    await log?.close();
    await fsp.rm(dir, { recursive: true, force: true });
    console.log(`[audit scale]\n  ${notes.join('\n  ')}`);
  });

  async function timed(label: string, q: Parameters<AuditLog['query']>[0]) {
    const t = performance.now();
    const page = await log.query(q);
    notes.push(`query ${label}: ${page.records.length} records in ${ms(t)}`);
    return page;
  }

  it('opens clean', () => {
    expect(log.openReport.tail.ok).toBe(true);
    expect(log.size).toBe(N + 5000);
  });

  it('answers queries from the index without reading the log', async () => {
    const first = await timed('newest 50', {});
    expect(first.records[0]!.chain.seq).toBe(N + 5000);
    const cursorPage = await timed('page via cursor (deep)', { cursor: `v1:${50_000}`, limit: 500 });
    expect(cursorPage.records[0]!.chain.seq).toBe(49_999);
    const name = await timed('eventName=Sign, limit 500', { eventName: 'sign', limit: 500 });
    expect(name.records.every((r) => r.eventName === 'Sign')).toBe(true);
    const key = await timed('keyId (1 of 1,000 keys)', { keyId: keyId(777), limit: 500 });
    expect(key.records).toHaveLength(105);
    const err = await timed('outcome=error, oldest time window', { outcome: 'error', to: new Date(T0 + 10_000_000), limit: 500 });
    expect(err.records.every((r) => r.errorCode)).toBe(true);
    const none = await timed('eventName with no match', { eventName: 'DeleteAlias' });
    expect(none.records).toHaveLength(0);
  });

  it('streams text search newest first and stops when the page is full', async () => {
    const common = await timed('text common ("tenant":"t7")', { text: '"TENANT":"T7"', limit: 50 });
    expect(common.records).toHaveLength(50);
    const rare = await timed('text rare, full scan (req-123)', { text: 'req-12345"' });
    expect(rare.records.map((r) => r.requestID)).toEqual(['req-12345']);
    const nothing = await timed('text no match, full scan', { text: 'no-such-thing' });
    expect(nothing.records).toHaveLength(0);
    const uni = await timed('text non-ASCII no match, full scan', { text: 'ñandú' });
    expect(uni.records).toHaveLength(0);
    const combined = await timed('text + keyId', { keyId: arn(5), text: 'pending deletion' });
    expect(combined.records.length).toBeGreaterThan(0);
  });

  it('verifies the whole chain', async () => {
    const t = performance.now();
    const result = await log.verify();
    notes.push(`verify: ${result.checked} records in ${ms(t)}`);
    expect(result).toEqual({ ok: true, checked: N + 5000 });
  });
});
