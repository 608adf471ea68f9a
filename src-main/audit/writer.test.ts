/**
 * The writer's background fdatasync and segment roll-over: a sync never runs on a segment
 * file that roll() is closing (it used to, under load, and failed the log with EBADF).
 */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAuditEvent } from './event-builder.js';
import { nodeFileIO, type AuditFileIO } from './segment-io.js';
import { AuditLog } from './store.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function event(i: number) {
  return buildAuditEvent({
    channel: 'kms:DescribeKey',
    request: { KeyId: 'alias/x' },
    response: {},
    caller: { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' },
    accountId: '111122223333',
    region: 'us-east-1',
    now: new Date(Date.UTC(2026, 0, 1, 0, i)),
    keyArns: [],
    readOnly: true,
    requestId: `req-${i}`,
  });
}

/** Segment files whose fdatasync takes `ms` and fails with EBADF once the file is closed. */
function slowSyncIO(ms: number): { io: AuditFileIO; syncsAfterClose: () => number } {
  let late = 0;
  const io: AuditFileIO = {
    ...nodeFileIO,
    async openSegment(path) {
      const w = await nodeFileIO.openSegment(path);
      let closed = false;
      const ebadf = () => {
        late++;
        return Object.assign(new Error('bad file descriptor'), { code: 'EBADF' });
      };
      return {
        initialSize: w.initialSize,
        writeAt: (d, p) => w.writeAt(d, p),
        truncate: (n) => w.truncate(n),
        async sync() {
          if (closed) throw ebadf();
          await sleep(ms);
          if (closed) throw ebadf();
          await w.sync();
        },
        async close() {
          closed = true;
          await w.close();
        },
      };
    },
  };
  return { io, syncsAfterClose: () => late };
}

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'keyward-audit-writer-'));
});
afterEach(() => fsp.rm(dir, { recursive: true, force: true }));

describe('LogWriter: background sync and roll-over', () => {
  it('never starts a background fdatasync on a segment roll() is closing', async () => {
    const { io, syncsAfterClose } = slowSyncIO(5);
    const log = await AuditLog.open(dir, { segmentRecords: 2, syncIntervalMs: 1, io });
    try {
      for (let i = 0; i < 30; i++) {
        await log.append(event(i));
        await sleep(2); // let the 1 ms sync timer fire between appends and during rolls
      }
      expect(syncsAfterClose()).toBe(0);
      expect(await log.verify()).toEqual({ ok: true, checked: 30 });
    } finally {
      await log.close();
    }
  });
});
