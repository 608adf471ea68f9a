/** Shared helpers for the audit log tests (not imported by production code). */
import { buildAuditEvent } from './event-builder.js';
import { nodeFileIO, type AuditFileIO } from './segment-io.js';

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
