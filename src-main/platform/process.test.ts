import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { __TESTS, processStartTime } from './process.js';

const { linuxStart, psStart } = __TESTS;
const hasPs = psStart(process.pid) !== undefined;

describe('processStartTime', () => {
  it('answers this process the same every time, and nothing for an impossible pid', () => {
    expect(processStartTime(process.pid)).toBe(processStartTime(process.pid));
    expect(processStartTime(0)).toBeUndefined();
    expect(processStartTime(-1)).toBeUndefined();
  });

  it.skipIf(process.platform !== 'linux')('on Linux reads the boot id and the start time field of /proc/<pid>/stat', () => {
    expect(linuxStart(process.pid)).toMatch(/^linux:[0-9a-f-]*:\d+$/);
  });

  it.skipIf(!hasPs)('the ps fallback tells a live process from one started a second later, and a gone one', async () => {
    const a = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1100));
    const b = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pa = a.pid ?? 0;
      const first = psStart(pa);
      expect(first).toMatch(/^ps:/);
      expect(psStart(pa)).toBe(first);
      expect(psStart(b.pid ?? 0)).not.toBe(first);
      const exited = new Promise((r) => a.once('exit', r));
      a.kill();
      await exited;
      expect(psStart(pa)).toBeUndefined();
    } finally {
      a.kill();
      b.kill();
    }
  });
});
