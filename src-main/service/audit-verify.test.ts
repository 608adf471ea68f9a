/**
 * audit:verify walks the whole chain; it must not hold the router's lock while it does, or
 * every other call (the console's, the endpoint's) waits for it. Its progress is readable
 * meanwhile through audit:verifyProgress.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.js';
import { testServiceOptions } from '../testing/service-kit.js';
import { tempDir } from '../testing/vault-kit.js';
import { createKeywardService } from './service.js';
import type { CallerContext } from './types.js';

const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('audit:verify beside other calls', () => {
  it('answers other calls while the walk runs, reports progress, and ends with every record checked', async () => {
    const { dir, cleanup } = await tempDir();
    const svc = await createKeywardService(testServiceOptions(dir, { audit: { syncIntervalMs: 200 } }));
    cleanups.push(async () => {
      await svc.close();
      await cleanup();
    });
    unwrap(await svc.invoke('vault:create', { Passphrase: 'correct horse battery staple' }, UI));
    const { KeyMetadata } = unwrap(await svc.invoke('kms:CreateKey', {}, UI));
    await Promise.all(Array.from({ length: 3000 }, () => svc.invoke('kms:DescribeKey', { KeyId: KeyMetadata.KeyId }, UI)));

    const order: string[] = [];
    const verify = svc.invoke('audit:verify', {}, UI).then((r) => {
      order.push('verify');
      return unwrap(r);
    });
    const during = unwrap(await svc.invoke('audit:verifyProgress', {}, UI));
    const other = await svc.invoke('kms:DescribeKey', { KeyId: KeyMetadata.KeyId }, UI);
    order.push('describe');
    expect(other.ok).toBe(true);
    // The walk starts a worker thread: a DescribeKey sent after it answers first unless it waited for the lock.
    expect(during).toMatchObject({ running: true, total: expect.any(Number) });
    const result = await verify;
    expect(order).toEqual(['describe', 'verify']);
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBeGreaterThan(3000);
    const after = unwrap(await svc.invoke('audit:verifyProgress', {}, UI));
    expect(after).toEqual({ running: false, checked: result.checked, total: expect.any(Number) });
  });
});
