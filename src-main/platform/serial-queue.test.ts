import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.js';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe('SerialQueue', () => {
  it('runs tasks one at a time, in call order', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([q.run(task('a')), q.run(task('b')), q.run(() => 'c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('a failed task rejects only its own promise; later tasks still run', async () => {
    const q = new SerialQueue();
    const failed = q.run(() => Promise.reject(new Error('boom')));
    const thrown = q.run(() => {
      throw new Error('sync boom');
    });
    const after = q.run(() => 42);
    await expect(failed).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync boom');
    await expect(after).resolves.toBe(42);
  });

  it('idle() resolves once every queued task has settled, and never rejects', async () => {
    const q = new SerialQueue();
    let done = false;
    const failing = q.run(async () => {
      await tick();
      done = true;
      throw new Error('late failure');
    });
    await q.idle();
    expect(done).toBe(true);
    await expect(failing).rejects.toThrow('late failure');
  });
});
