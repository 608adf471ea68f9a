/**
 * Generates a large audit log for the audit-scale bench: segment files written directly with
 * the real sealing code (chain.ts sealRecordLine, the writer's canonical line and hash) and
 * each full segment's sidecar index file (segment-index-file.ts), exactly what the app leaves
 * behind, at a few µs a record instead of an awaited append each. A log generated once is
 * reused while its marker file matches (delete the folder or set BENCH_AUDIT_FRESH=1).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../../src-shared/audit.js';
import { GENESIS_HASH, sealRecordLine, type UnsealedRecord } from '../audit/chain.js';
import { buildAuditEvent } from '../audit/event-builder.js';
import { indexEntryOf, RecordIndex } from '../audit/record-index.js';
import { encodeSidecar, writeSidecar } from '../audit/segment-index-file.js';
import { segmentPath } from '../audit/segment-io.js';

const ACCOUNT = '111122223333';
const T0 = Date.parse('2026-01-01T00:00:00Z');
/** Records per segment, the log's default. */
export const SEGMENT_RECORDS = 50_000;
/** 1,000 keys; every 100,000th record is a ScheduleKeyDeletion (the rare event name). */
const KEYS = 1000;
export const RARE_EVERY = 100_000;
const OPS = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'Sign', 'ListKeys', 'Encrypt', 'Decrypt'];
const READ_ONLY = new Set(['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'Sign', 'ListKeys']);
const MARKER = 'bench-generated.json';
const VERSION = 1;

export const keyId = (k: number): string => `${k.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const arn = (k: number) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId(k)}`;
/** The request id of record i (0-based): a unique string the full-text search can look for. */
export const requestIdOf = (i: number): string => `req-${String(i).padStart(9, '0')}`;

/** One template per (operation, key, outcome); records vary time, request and event ids. */
const templates = new Map<string, UnsealedRecord>();
function template(op: string, k: number, failed: boolean): UnsealedRecord {
  const id = `${op}|${k}|${failed}`;
  let t = templates.get(id);
  if (!t) {
    t = buildAuditEvent({
      channel: `kms:${op}`,
      request: op === 'ListKeys' ? {} : { KeyId: arn(k), EncryptionContext: { tenant: `t${k % 50}` }, Plaintext: new Uint8Array(32) },
      response: failed ? undefined : { KeyId: arn(k), KeyMaterialId: 'a'.repeat(64), CiphertextBlob: new Uint8Array(64) },
      ...(failed ? { error: { name: 'KMSInvalidStateException', message: `${arn(k)} is pending deletion.` } } : {}),
      caller: { transport: 'api', sourceIPAddress: '127.0.0.1', userAgent: 'aws-cli/2.17 Python/3.12', accessKeyId: 'AKIAKEYWARDBENCH0001' },
      accountId: ACCOUNT,
      region: 'us-east-1',
      now: new Date(T0),
      keyArns: op === 'ListKeys' ? [] : [arn(k)],
      readOnly: READ_ONLY.has(op),
      requestId: 'x',
    });
    templates.set(id, t);
  }
  return t;
}

/** Record i (0-based) of the generated log, one second apart. */
export function benchEvent(i: number): UnsealedRecord {
  const op = i % RARE_EVERY === RARE_EVERY / 2 ? 'ScheduleKeyDeletion' : OPS[i % OPS.length]!;
  const k = (i * 7919) % KEYS;
  const t = template(op, k, i % 101 === 0);
  const n = i.toString(16).padStart(12, '0');
  return { ...t, eventTime: new Date(T0 + i * 1000).toISOString(), requestID: requestIdOf(i), eventID: `b0000000-0000-4000-8000-${n}` };
}

/** The time of record i, ms since the epoch. */
export const timeOf = (i: number): number => T0 + i * 1000;

/**
 * The audit key of the keyed bench log: a fixed, public value (these records are generated,
 * nothing real is sealed with it), so a generated keyed log can be reused and verified.
 */
export const BENCH_AUDIT_KEY: Uint8Array = new Uint8Array(32).fill(0x42);

/**
 * Make sure `dir` holds a log of `n` generated records, sealed with `key` (HMAC-SHA256, as
 * while the vault is unlocked) when one is given; returns seconds spent generating (0 when an
 * existing one was reused).
 */
export async function ensureLog(dir: string, n: number, onProgress?: (done: number) => void, key?: Uint8Array): Promise<number> {
  const marker = JSON.stringify({ version: VERSION, records: n, segmentRecords: SEGMENT_RECORDS, ...(key ? { keyed: true } : {}) });
  if (!process.env.BENCH_AUDIT_FRESH) {
    const found = await fsp.readFile(join(dir, MARKER), 'utf8').catch(() => '');
    if (found === marker) return 0;
  }
  const t = performance.now();
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  let prevHash = GENESIS_HASH;
  for (let seg = 1, i = 0; i < n; seg++) {
    const end = Math.min(n, i + SEGMENT_RECORDS);
    const index = new RecordIndex();
    const firstPrevHash = prevHash;
    const parts: Buffer[] = [];
    let size = 0;
    for (; i < end; i++) {
      const sealed = sealRecordLine(benchEvent(i), i + 1, prevHash, key);
      const line = Buffer.from(`${sealed.line}\n`, 'utf8');
      const rec: AuditRecord = sealed.record;
      index.add(indexEntryOf(rec, seg, size, line.length - 1));
      parts.push(line);
      size += line.length;
      prevHash = rec.chain.hash;
    }
    await fsp.writeFile(segmentPath(dir, seg), Buffer.concat(parts));
    // The app writes a sidecar for every full segment; the last one is the one being written.
    if (index.count === SEGMENT_RECORDS && end < n) {
      const bytes = encodeSidecar({ segment: seg, size, firstPrevHash, lastHash: prevHash, cols: index.columnsOf(0, index.count) });
      if (bytes) await writeSidecar(dir, seg, bytes);
    }
    onProgress?.(i);
  }
  await fsp.writeFile(join(dir, MARKER), marker);
  return (performance.now() - t) / 1000;
}
