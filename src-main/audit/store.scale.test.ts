/**
 * Scale check: the log is meant to hold millions of records. Prints timings for the lead's notes;
 * asserts only correctness, never time.
 */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit.js';
import { sealRecordLine } from './chain.js';
import { buildAuditEvent } from './event-builder.js';
import { sidecarName } from './segment-index-file.js';
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
    notes.push(`open (index ${N + 5000} records, tail check): ${ms(t)}; ${JSON.stringify(log.openReport.index)}`);
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

  it('opens clean, from the sidecars of the full segments', () => {
    expect(log.openReport.tail.ok).toBe(true);
    expect(log.size).toBe(N + 5000);
    // Segments 1-5 are full (sidecars); only segment 6's 5,000 lines (and 2 per sidecar) are parsed.
    expect(log.openReport.index).toEqual({ sidecarsLoaded: 5, sidecarsRejected: 0, sidecarsWritten: 0, linesParsed: 5000 + 5 * 2 });
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

/**
 * Open time with and without sidecar index files, at the default segment size. The segment
 * files are written directly (sealed lines), which is much faster than appending.
 */
describe('AuditLog open at 205,000 records: sidecars vs parsing every line', () => {
  const M = 205_000;
  const PER = 50_000; // the default segmentRecords: 4 full segments, the current one holds 5,000
  let dir: string;

  beforeAll(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-open-'));
    let head = { seq: 0, hash: '0'.repeat(64) };
    for (let s = 0; s * PER < M; s++) {
      const parts: string[] = [];
      for (let i = s * PER; i < Math.min(M, (s + 1) * PER); i++) {
        const sealed = sealRecordLine(event(i), head.seq + 1, head.hash);
        head = { seq: sealed.record.chain.seq, hash: sealed.record.chain.hash };
        parts.push(`${sealed.line}\n`);
      }
      await fsp.writeFile(join(dir, `segment-${String(s + 1).padStart(6, '0')}.jsonl`), parts.join(''));
    }
  }, 300_000);

  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('loads the full segments from their sidecars, with the same index and results', async () => {
    const notes: string[] = [];
    const time = async (label: string) => {
      const t = performance.now();
      const log = await AuditLog.open(dir);
      notes.push(`${label}: ${ms(t)} ${JSON.stringify(log.openReport.index)}`);
      return log;
    };
    const first = await time(`open, no sidecars (parse all ${M} lines, then write 4 sidecars)`);
    const before = { size: first.size, head: first.head, tail: first.openReport.tail, page: await first.query({ keyId: keyId(3), limit: 500 }) };
    await first.close();
    const idxBytes = (await fsp.stat(join(dir, sidecarName(1)))).size;
    notes.push(`sidecar size: ${(idxBytes / 1e6).toFixed(2)} MB for ${PER} records (${(idxBytes / PER).toFixed(1)} B/record)`);

    const second = await time('open, with sidecars (parse the current segment only)');
    expect(second.openReport.index).toEqual({ sidecarsLoaded: 4, sidecarsRejected: 0, sidecarsWritten: 0, linesParsed: 5000 + 4 * 2 });
    expect({ size: second.size, head: second.head, tail: second.openReport.tail, page: await second.query({ keyId: keyId(3), limit: 500 }) }).toEqual(before);
    await second.close();

    for (let n = 1; n <= 4; n++) await fsp.rm(join(dir, sidecarName(n)));
    const third = await time('open, sidecars deleted again');
    await third.close();
    console.log(`[audit open, ${M} records in ${Math.ceil(M / PER)} segments]\n  ${notes.join('\n  ')}`);
  }, 120_000);
});
