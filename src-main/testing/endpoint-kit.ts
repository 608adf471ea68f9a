/** Test kit: a running service with the KMS endpoint and an access key, and readers of what it wrote (loaded only by tests). */
import { join } from 'node:path';
import { testServiceOptions } from './service-kit.js';
import type { AuditRecord } from '../../src-shared/audit.js';
import type { CreatedAccessKey } from '../../src-shared/app.js';
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract.js';
import { unwrap } from '../../src-shared/result.js';
import type { KmsEndpointLimits } from '../service/ports.js';
import { createKeywardService } from '../service/service.js';
import type { CallerContext, InProcessService } from '../service/types.js';
import { tempDir } from './vault-kit.js';
import { createKmsEndpoint } from '../api/controller.js';

export const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
export const PASS = 'correct horse battery staple';

export interface Running {
  dir: string;
  svc: InProcessService;
  url: string;
  region: string;
  key: CreatedAccessKey;
  /** A typed in-process call from the UI caller; throws the named exception on failure. */
  ok<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  close(): Promise<void>;
}

/** A service with an unlocked vault, the endpoint on a free port, and one access key. */
export async function startRunning(opts: { limits?: KmsEndpointLimits; syncIntervalMs?: number } = {}): Promise<Running> {
  const { dir, cleanup } = await tempDir();
  const svc = await createKeywardService(testServiceOptions(dir, {
    audit: { syncIntervalMs: opts.syncIntervalMs ?? 0 },
    endpoint: createKmsEndpoint,
    kmsEndpointPort: 0,
    ...(opts.limits ? { kmsEndpoint: opts.limits } : {}),
  }));
  const ok = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => unwrap(await svc.invoke(channel, request, UI));
  await ok('vault:create', { Passphrase: PASS });
  const status = await ok('api:status', {});
  if (!status.Url) throw new Error(`the endpoint is not listening: ${status.Error ?? 'no reason given'}`);
  const key = await ok('accessKeys:create', { Description: 'tests' });
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
