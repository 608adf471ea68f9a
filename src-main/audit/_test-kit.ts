/** Shared helpers for the audit log tests (not imported by production code). */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit.js';
import { buildAuditEvent } from './event-builder.js';
import { nodeFileIO, type AuditFileIO } from './segment-io.js';
import { AuditLog } from './store.js';

export const ACCOUNT = '111122223333';
export const KEYS = ['1111aaaa-0000-0000-0000-000000000001', '2222bbbb-0000-0000-0000-000000000002', '3333cccc-0000-0000-0000-000000000003'];
export const arn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
export const OPS = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'CreateKey'];
export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A varied, deterministic event: op, key, outcome and time depend on i. */
export function event(i: number) {
  const op = OPS[i % OPS.length]!;
  const key = KEYS[i % 3]!;
  const failed = i % 7 === 0;
  return buildAuditEvent({
    channel: `kms:${op}`,
    request: { KeyId: i % 2 ? arn(key) : key, EncryptionContext: { n: String(i) }, Plaintext: new Uint8Array(8) },
    response: failed ? undefined : { KeyId: arn(key), CiphertextBlob: new Uint8Array(8) },
    ...(failed ? { error: { name: 'DisabledException', message: `Key ${arn(key)} is disabled.` } } : {}),
    caller: { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' },
    accountId: ACCOUNT,
    region: 'us-east-1',
    now: new Date(T0 + i * 60_000),
    keyArns: [arn(key)],
    readOnly: op === 'DescribeKey',
    requestId: `req-${i}`,
  });
}

/** A file port that fails on demand, after writing part of the line as a full disk might. */
export function flakyIO(): { io: AuditFileIO; fail: { write: number; open: number; sync: number } } {
  const fail = { write: 0, open: 0, sync: 0 };
  const io: AuditFileIO = {
    async openSegment(path) {
      if (fail.open > 0) {
        fail.open--;
        throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      }
      const w = await nodeFileIO.openSegment(path);
      return {
        initialSize: w.initialSize,
        async writeAt(data, position) {
          if (fail.write > 0) {
            fail.write--;
            await w.writeAt(data.subarray(0, data.length >> 1), position);
            throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
          }
          return w.writeAt(data, position);
        },
        truncate: (n) => w.truncate(n),
        async sync() {
          if (fail.sync > 0) {
            fail.sync--;
            throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
          }
          return w.sync();
        },
        close: () => w.close(),
      };
    },
    syncDir: (d) => nodeFileIO.syncDir(d),
  };
  return { io, fail };
}

/** A fresh audit folder for each test, the logs opened in it, and helpers over its segments. */
export interface AuditDir {
  /** The folder of the current test. */
  readonly dir: string;
  /** Open a log in the folder; it is closed after the test. */
  openLog(options?: Parameters<typeof AuditLog.open>[1]): Promise<AuditLog>;
  /** Append event(from) .. event(to - 1). */
  fill(log: AuditLog, from: number, to: number): Promise<AuditRecord[]>;
  /** The path of segment n. */
  seg(n: number): string;
  /** The lines of segment n, without the final newline. */
  lines(n: number): Promise<string[]>;
}

/** Register beforeEach/afterEach that create and remove a temporary audit folder. */
export function useAuditDir(): AuditDir {
  let dir = '';
  const open: AuditLog[] = [];
  beforeEach(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-'));
  });
  afterEach(async () => {
    for (const log of open.splice(0)) await log.close().catch(() => undefined);
    await fsp.rm(dir, { recursive: true, force: true });
  });
  const seg = (n: number) => join(dir, `segment-${String(n).padStart(6, '0')}.jsonl`);
  return {
    get dir() {
      return dir;
    },
    async openLog(options = {}) {
      const log = await AuditLog.open(dir, options);
      open.push(log);
      return log;
    },
    async fill(log, from, to) {
      const out: AuditRecord[] = [];
      for (let i = from; i < to; i++) out.push(await log.append(event(i)));
      return out;
    },
    seg,
    async lines(n) {
      return (await fsp.readFile(seg(n), 'utf8')).split('\n').slice(0, -1);
    },
  };
}
