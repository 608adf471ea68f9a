/**
 * An authenticated client cannot fill the disk through the audit log: a field the endpoint
 * refuses is recorded cut to its limit, with the omitted marker and the SHA-256 of the whole.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto/hash.js';
import { auditRecords, startRunning, type Running } from '../testing/endpoint-kit.js';

let r: Running;
beforeAll(async () => {
  r = await startRunning();
});
afterAll(async () => {
  await r.close();
});

async function auditBytes(): Promise<number> {
  const folder = join(r.dir, 'audit');
  const files = (await readdir(folder)).filter((f) => f.endsWith('.jsonl'));
  const sizes = await Promise.all(files.map(async (f) => (await stat(join(folder, f))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

describe('endpoint: bounded audit records', () => {
  it('ten signed CreateKey calls with a 1,000,000-character Description add a few KiB each, not 1 MB', async () => {
    const c = new KMSClient({ endpoint: r.url, region: r.region, credentials: { accessKeyId: r.key.AccessKeyId, secretAccessKey: r.key.SecretAccessKey }, maxAttempts: 1 });
    const description = 'x'.repeat(1_000_000);
    const before = await auditBytes();
    try {
      for (let i = 0; i < 10; i++) {
        await expect(c.send(new CreateKeyCommand({ Description: description }))).rejects.toMatchObject({ name: 'ValidationException' });
      }
    } finally {
      c.destroy();
    }
    const grown = (await auditBytes()) - before;
    expect(grown).toBeLessThan(10 * 16 * 1024);
    const mine = (await auditRecords(r.dir)).filter((e) => e.eventName === 'CreateKey');
    expect(mine).toHaveLength(10);
    for (const e of mine) {
      expect(e.errorCode).toBe('ValidationException');
      expect(String(e.requestParameters?.['description'])).toMatch(new RegExp(`…\\[omitted: 1000000 bytes, sha256:${sha256Hex(description)}\\]$`));
    }
  });
});
