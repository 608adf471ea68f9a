/** Helpers for the endpoint tests (not imported by production code). */
import { join } from 'node:path';
import type { AuditRecord } from '../../src-shared/audit.js';
import type { ApiStatus, CreatedAccessKey } from '../../src-shared/app.js';
import { systemClock } from '../platform/clock.js';
import { createKeywardService } from '../service/service.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { FAST_KDF, tempDir } from '../vault/_test-kit.js';
import { noKeychain } from '../vault/keychain.js';
import type { KmsEndpointLimits } from './server.js';

export const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
export const PASS = 'correct horse battery staple';

export interface Running {
  dir: string;
  svc: KeywardService;
  url: string;
  region: string;
  key: CreatedAccessKey;
  ok<T = Record<string, unknown>>(channel: string, payload?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** A service with an unlocked vault, the endpoint on a free port, and one access key. */
export async function startRunning(opts: { limits?: KmsEndpointLimits; syncIntervalMs?: number } = {}): Promise<Running> {
  const { dir, cleanup } = await tempDir();
  const svc = await createKeywardService({
    vaultPath: join(dir, 'vault.kwv'),
    auditDir: join(dir, 'audit'),
    clock: systemClock,
    keychain: noKeychain,
    kdf: FAST_KDF,
    audit: { syncIntervalMs: opts.syncIntervalMs ?? 0 },
    kmsEndpointPort: 0,
    ...(opts.limits ? { kmsEndpoint: opts.limits } : {}),
  });
  const ok = async <T = Record<string, unknown>>(channel: string, payload: unknown = {}): Promise<T> => {
    const r = await svc.handle(channel, payload, UI);
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.name}: ${r.error.message}`);
    return r.value as T; // the caller names the shape it expects
  };
  await ok('vault:create', { Passphrase: PASS });
  const status = await ok<ApiStatus>('api:status');
  if (!status.Url) throw new Error(`the endpoint is not listening: ${status.Error ?? 'no reason given'}`);
  const key = await ok<CreatedAccessKey>('accessKeys:create', { Description: 'tests' });
  return {
    dir,
    svc,
    url: status.Url,
    region: status.Region,
    key,
    ok,
    async close() {
      await svc.close();
      await cleanup();
    },
  };
}

/** Every audit record on disk, oldest first. */
export async function auditRecords(dir: string): Promise<AuditRecord[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const folder = join(dir, 'audit');
  const files = (await readdir(folder)).filter((f) => f.endsWith('.jsonl')).sort();
  const lines = (await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')))).join('\n').split('\n');
  return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as AuditRecord); // the log's own line format
}

/** Every file under the data folder as text, to prove a secret was never written anywhere. */
export async function allFilesText(dir: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'latin1')),
  );
  return texts.join('\n');
}
