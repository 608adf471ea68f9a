/** AuditLog fails closed: a record that cannot be written refuses its operation (split from store.test.ts). */
import { describe, expect, it } from 'vitest';
import { AuditWriteException } from '../../src-shared/kms/errors.js';
import { event, flakyIO, useAuditDir } from './_test-kit.js';

const kit = useAuditDir();
const { openLog, fill, lines } = kit;


describe('AuditLog: fail closed', () => {
  it('throws AuditWriteException on a failed write, leaves the head unchanged, and the next append verifies', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io });
    await fill(log, 0, 5);
    const head = log.head;
    fail.write = 1;
    const err = await log.append(event(5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditWriteException);
    expect((err as Error).message).toBe('The audit record could not be written (ENOSPC); the operation was refused.'); // checked by toBeInstanceOf
    expect((err as Error).message).not.toContain(kit.dir); // checked by toBeInstanceOf; no paths in messages
    expect(log.head).toEqual(head);
    expect(log.size).toBe(5);
    const [next] = await fill(log, 6, 7);
    expect(next!.chain.seq).toBe(6);
    expect(await log.verify()).toEqual({ ok: true, checked: 6 });
    await log.close();
    const reopened = await openLog();
    expect(reopened.openReport.tail.ok).toBe(true);
    expect(await reopened.verify()).toEqual({ ok: true, checked: 6 });
  });

  it('throws AuditWriteException when a new segment cannot be opened, and recovers', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io, segmentRecords: 3 });
    await fill(log, 0, 3);
    fail.open = 1;
    await expect(log.append(event(3))).rejects.toBeInstanceOf(AuditWriteException);
    await fill(log, 4, 8);
    expect(await log.verify()).toEqual({ ok: true, checked: 7 });
  });

  it('with fsync per record, a failed fsync refuses the record and rolls it back', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io, syncIntervalMs: 0 });
    await fill(log, 0, 2);
    fail.sync = 1;
    await expect(log.append(event(2))).rejects.toBeInstanceOf(AuditWriteException);
    await fill(log, 3, 4);
    expect(await log.verify()).toEqual({ ok: true, checked: 3 });
    expect(await lines(1)).toHaveLength(3);
  });

  it('after a failed background flush, refuses every later append', async () => {
    const { io, fail } = flakyIO();
    const log = await openLog({ io, syncIntervalMs: 1 });
    await fill(log, 0, 2);
    fail.sync = 1;
    await expect(log.flush()).rejects.toBeInstanceOf(AuditWriteException);
    await expect(log.append(event(2))).rejects.toThrow(/earlier flush failed with EIO/);
  });

  it('refuses appends after close and refuses malformed events', async () => {
    const log = await openLog();
    await expect(log.append({ ...event(0), requestParameters: { blob: new Uint8Array(4) } })).rejects.toBeInstanceOf(AuditWriteException);
    expect(log.size).toBe(0);
    await log.close();
    await expect(log.append(event(0))).rejects.toThrow(/closed/);
    await log.close();
  });
});
