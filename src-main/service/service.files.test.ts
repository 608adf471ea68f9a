/** What the service leaves on disk: bounded audit records and owner-only folders. */
import { chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.js';
import { sha256Hex } from '../crypto/hash.js';
import { testServiceOptions } from '../testing/service-kit.js';
import { tempDir } from '../testing/vault-kit.js';
import { createKeywardService } from './service.js';
import type { CallerContext } from './types.js';

const PASS = 'correct horse battery staple';
const API: CallerContext = { transport: 'api', sourceIPAddress: '127.0.0.1', userAgent: 'aws-cli/2', accessKeyId: 'AKIAEXAMPLE' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function auditLines(auditDir: string): Promise<string[]> {
  const files = (await readdir(auditDir)).filter((f) => f.endsWith('.jsonl'));
  const texts = await Promise.all(files.map((f) => readFile(join(auditDir, f), 'utf8')));
  return texts.join('\n').split('\n').filter((l) => l.trim().startsWith('{'));
}

describe('service: an invalid field cannot fill the disk through the audit log', () => {
  it('a 1 MB Description that validation rejects leaves a small record with the marker and the hash', async () => {
    const { dir, cleanup } = await tempDir();
    const opts = testServiceOptions(dir);
    const svc = await createKeywardService(opts);
    cleanups.push(async () => {
      await svc.close();
      await cleanup();
    });
    unwrap(await svc.invoke('vault:create', { Passphrase: PASS }));
    const huge = 'D'.repeat(1 << 20);
    const before = (await auditLines(opts.auditDir)).join('\n').length;
    for (let i = 0; i < 5; i++) {
      const r = await svc.handle('kms:CreateKey', { Description: huge }, { ...API, userAgent: huge });
      expect(r.ok ? 'ok' : r.error.name).toBe('ValidationException');
    }
    const lines = await auditLines(opts.auditDir);
    const mine = lines.filter((l) => l.includes('"CreateKey"'));
    expect(mine).toHaveLength(5);
    for (const l of mine) {
      expect(Buffer.byteLength(l)).toBeLessThan(16 * 1024);
      const rec = JSON.parse(l) as { requestParameters: { description: string }; userAgent: string };
      expect(rec.requestParameters.description).toContain(`…[omitted: ${1 << 20} bytes, sha256:${sha256Hex(huge)}]`);
      expect(rec.userAgent).toContain(`sha256:${sha256Hex(huge)}`);
    }
    expect(lines.join('\n').length - before).toBeLessThan(5 * 16 * 1024);
  });
});

describe.skipIf(process.platform === 'win32')('service: owner-only folders', () => {
  it('creates the vault and audit folders 0700, and tightens an audit folder an older version made 0755', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const fresh = testServiceOptions(join(dir, 'new'), {});
    const opts = { ...fresh, vaultPath: join(dir, 'new', 'vault', 'vault.kwv') };
    const svc = await createKeywardService(opts);
    await svc.close();
    expect((await stat(opts.auditDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'new', 'vault'))).mode & 0o777).toBe(0o700);

    const old = testServiceOptions(join(dir, 'old'));
    await mkdir(old.auditDir, { recursive: true });
    await chmod(old.auditDir, 0o755);
    const again = await createKeywardService(old);
    await again.close();
    expect((await stat(old.auditDir)).mode & 0o777).toBe(0o700);
  });
});
