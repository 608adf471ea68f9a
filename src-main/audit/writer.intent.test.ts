/**
 * The writer's side of the write path (intent.ts): prepare before the bytes, in chain order;
 * fdatasync before a change's caller resolves; commit after; and on any failure the failed
 * record and everything after it refused, their intents aborted in reverse order in the same
 * tick, the head at the last written record.
 */
import { describe, expect, it } from 'vitest';
import { AuditWriteException } from '../../src-shared/kms/errors.js';
import { event, flakyIO, useAuditDir } from './_test-kit.js';
import type { AuditIntent, RecordTag } from './intent.js';
import type { AuditFileIO } from './segment-io.js';

const kit = useAuditDir();

/** An intent that logs what the writer asks of it; `failPrepare` rejects its prepare. */
function recording(name: string, log: string[], opts: { failPrepare?: boolean } = {}): AuditIntent & { tag?: RecordTag } {
  const intent: AuditIntent & { tag?: RecordTag } = {
    async prepare(tag) {
      intent.tag = tag;
      log.push(`prepare ${name} ${tag.seq}`);
      if (opts.failPrepare) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    },
    commit: () => log.push(`commit ${name}`),
    abort: () => log.push(`abort ${name}`),
  };
  return intent;
}

/** Segment files whose write and sync calls are logged into `log`. */
function loggingIO(base: AuditFileIO, log: string[]): AuditFileIO {
  return {
    ...base,
    async openSegment(path) {
      const w = await base.openSegment(path);
      return {
        initialSize: w.initialSize,
        writeAt: async (d, p) => {
          log.push('write');
          return w.writeAt(d, p);
        },
        truncate: (n) => w.truncate(n),
        sync: async () => {
          log.push('sync');
          return w.sync();
        },
        close: () => w.close(),
      };
    },
  };
}

describe('LogWriter: records with intents', () => {
  it('prepares every intent in chain order before the group write, fdatasyncs, then commits', async () => {
    const steps: string[] = [];
    const { io } = flakyIO();
    const log = await kit.openLog({ io: loggingIO(io, steps), syncIntervalMs: 60_000 }); // no background sync in the way
    await kit.fill(log, 0, 1);
    steps.length = 0;
    const a = recording('a', steps);
    const b = recording('b', steps);
    const done = Promise.all([log.append(event(1), a), log.append(event(2)), log.append(event(3), b)]);
    const [ra, , rb] = await done;
    expect(steps).toEqual(['prepare a 2', 'prepare b 4', 'write', 'sync', 'commit a', 'commit b']);
    expect(a.tag).toEqual({ seq: ra.chain.seq, hash: ra.chain.hash });
    expect(b.tag).toEqual({ seq: rb.chain.seq, hash: rb.chain.hash });
    expect(await log.hasRecord(a.tag!)).toBe(true);
    expect(await log.hasRecord({ seq: 2, hash: '0'.repeat(64) })).toBe(false);
    expect(await log.hasRecord({ seq: 99, hash: a.tag!.hash })).toBe(false);
  });

  it('a rejected prepare refuses its record and every one after it, aborting in reverse order; earlier ones are written', async () => {
    const steps: string[] = [];
    const log = await kit.openLog({ syncIntervalMs: 200 });
    await kit.fill(log, 0, 2);
    const a = recording('a', steps);
    const b = recording('b', steps, { failPrepare: true });
    const c = recording('c', steps);
    const results = await Promise.allSettled([
      log.append(event(2), a), log.append(event(3), b), log.append(event(4)), log.append(event(5), c),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(AuditWriteException); // rejected, checked above
    // b and c abort (reverse order) before a's bytes are written and a commits.
    expect(steps).toEqual(['prepare a 3', 'prepare b 4', 'prepare c 6', 'abort c', 'abort b', 'commit a']);
    expect(log.head.seq).toBe(3);
    expect(log.size).toBe(3);
    await kit.fill(log, 6, 7);
    expect(await log.verify()).toEqual({ ok: true, checked: 4 });
  });

  it('a failed write refuses the group and what was queued behind it, aborts synchronously, and keeps no line', async () => {
    const steps: string[] = [];
    const { io, fail } = flakyIO();
    const log = await kit.openLog({ io, syncIntervalMs: 200 });
    await kit.fill(log, 0, 1);
    fail.write = 1;
    const a = recording('a', steps);
    const first = log.append(event(1), a);
    const second = log.append(event(2));
    let abortedBeforeSettled = false;
    const firstSeen = first.catch((e: unknown) => {
      abortedBeforeSettled = steps.includes('abort a');
      return e;
    });
    expect(await firstSeen).toBeInstanceOf(AuditWriteException);
    await expect(second).rejects.toBeInstanceOf(AuditWriteException);
    expect(abortedBeforeSettled).toBe(true);
    expect(steps).toEqual(['prepare a 2', 'abort a']);
    expect(await kit.lines(1)).toHaveLength(1); // the refused line was taken back at once
    expect(log.head.seq).toBe(1);
  });

  it('a failed fdatasync of a group with an intent refuses it and takes its line back', async () => {
    const steps: string[] = [];
    const { io, fail } = flakyIO();
    const log = await kit.openLog({ io, syncIntervalMs: 200 });
    await kit.fill(log, 0, 1);
    fail.sync = 1;
    await expect(log.append(event(1), recording('a', steps))).rejects.toBeInstanceOf(AuditWriteException);
    expect(steps).toEqual(['prepare a 2', 'abort a']);
    expect(await kit.lines(1)).toHaveLength(1);
    await kit.fill(log, 2, 3);
    expect(await log.verify()).toEqual({ ok: true, checked: 2 });
  });

  it('a malformed record with an intent refuses the records after it; one without an intent fails alone', async () => {
    const steps: string[] = [];
    const log = await kit.openLog();
    const bad = { ...event(0), eventName: 7 } as unknown as ReturnType<typeof event>; // deliberately malformed
    const r = await Promise.allSettled([
      log.append(bad), log.append(event(1)), log.append(bad, recording('x', steps)), log.append(event(2), recording('y', steps)),
    ]);
    expect(r.map((x) => x.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'rejected']);
    expect(steps).toEqual(['abort y', 'abort x']);
    expect(log.size).toBe(1);
  });

  it('a closed log refuses a change and aborts its intent', async () => {
    const steps: string[] = [];
    const log = await kit.openLog();
    await log.close();
    await expect(log.append(event(0), recording('a', steps))).rejects.toThrow(/closed/);
    expect(steps).toEqual(['abort a']);
  });
});
