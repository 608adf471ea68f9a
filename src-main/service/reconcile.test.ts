/**
 * Reconciliation at unlock (audit/intent.ts): a change written ahead of its record whose
 * record never made it into the log is discarded; one whose record is there is completed;
 * and a vault whose last change has no record in the log (records removed) is reported.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../../src-shared/result.js';
import { testServiceOptions } from '../testing/service-kit.js';
import { tempDir } from '../testing/vault-kit.js';
import { createKeywardService } from './service.js';
import type { CallerContext } from './types.js';

const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
const PASS = 'correct horse battery staple';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  const open = async () => {
    const svc = await createKeywardService(testServiceOptions(dir));
    cleanups.unshift(() => svc.close());
    return svc;
  };
  return { dir, open };
}

describe('reconcile at unlock', () => {
  it('reports a vault whose last change has no record in the log', async () => {
    const { dir, open } = await setup();
    const svc = await open();
    unwrap(await svc.invoke('vault:create', { Passphrase: PASS }, UI));
    unwrap(await svc.invoke('kms:CreateKey', {}, UI));
    await svc.close();
    // Remove the CreateKey record and everything after it from the end of the log.
    const seg = join(dir, 'audit', (await readdir(join(dir, 'audit'))).find((f) => f.endsWith('.jsonl') && !f.startsWith('digests'))!);
    const lines = (await readFile(seg, 'utf8')).split('\n');
    const at = lines.findIndex((l) => l.includes('"eventName":"CreateKey"'));
    expect(at).toBeGreaterThan(0);
    await writeFile(seg, `${lines.slice(0, at).join('\n')}\n`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const again = await open();
    unwrap(await again.invoke('vault:unlock', { Passphrase: PASS }, UI));
    expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/last change \(audit record \d+\) has no record in the audit log/);
  });

  it('says nothing for an intact vault and log', async () => {
    const { open } = await setup();
    const svc = await open();
    unwrap(await svc.invoke('vault:create', { Passphrase: PASS }, UI));
    unwrap(await svc.invoke('kms:CreateKey', {}, UI));
    unwrap(await svc.invoke('vault:lock', {}, UI));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    unwrap(await svc.invoke('vault:unlock', { Passphrase: PASS }, UI));
    expect(errors).not.toHaveBeenCalled();
  });
});
