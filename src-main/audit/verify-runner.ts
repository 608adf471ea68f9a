/**
 * Runs the chain walk (verify-walk.ts) in a worker thread, so a verify of millions of
 * records never stalls the main thread's event loop (IPC, the endpoint, appends). Progress
 * is relayed to the caller. Where no worker can start (the worker script is not found, or it
 * fails before it runs), the walk runs in the calling thread instead: slower to share, same
 * result.
 *
 * The worker script: from sources (tests, `tsx` benches) it is verify-worker.ts, loaded
 * through tsx; in the built app it is `audit-verify-worker.js` beside the main bundle
 * (an entry of electron.vite.config.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import { type VerifyJob, walkChain } from './verify-walk.js';

/** Messages from the worker, in order: started, progress*, then done or failed. */
export type VerifyMessage =
  | { type: 'started' }
  | { type: 'progress'; checked: number; total: number }
  | { type: 'done'; result: AuditVerifyResult }
  | { type: 'failed'; message: string };

/**
 * How to start the worker next to this module: a script path, or (from sources) a small ES
 * module that registers tsx's loader and imports verify-worker.ts (Node 20 does not apply
 * `--import` loaders given in a worker's execArgv). Undefined when there is no worker script.
 */
function workerScript(): { script: string; eval: boolean } | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const path = join(dirname(here), 'verify-worker.ts');
    if (!existsSync(path)) return undefined;
    const url = JSON.stringify(pathToFileURL(path).href);
    return { script: `import('tsx/esm/api').then((m) => m.register()).then(() => import(${url}))`, eval: true };
  }
  // Bundled: this code sits in out/main/index.js or in out/main/chunks/.
  for (const rel of ['audit-verify-worker.js', '../audit-verify-worker.js']) {
    const path = join(dirname(here), rel);
    if (existsSync(path)) return { script: path, eval: false };
  }
  return undefined;
}

/** How the last walk ran: in a worker thread, or in the calling thread (no worker could start). */
export let lastVerifyThread: 'worker' | 'caller' | undefined;

/**
 * Walk the chain of `job.dir` off the main thread. Resolves with the walk's result; rejects
 * with an Error when the log cannot be read (the walk's own I/O failure).
 *
 * The audit key goes to the worker as a copy whose memory is transferred (not cloned), so
 * this thread keeps no extra copy; the worker zeroes it when the walk ends. `job.key` itself
 * is left as it is (it belongs to the caller) and is used only if the walk runs here.
 */
export function verifyOffThread(job: VerifyJob, onProgress?: (checked: number, total: number) => void): Promise<AuditVerifyResult> {
  const inCaller = () => {
    lastVerifyThread = 'caller';
    return walkChain(job, onProgress);
  };
  const script = workerScript();
  if (!script) return inCaller();
  return new Promise<AuditVerifyResult>((resolve, reject) => {
    let started = false;
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    let worker: Worker;
    const key = job.key ? new Uint8Array(job.key) : undefined; // a copy, moved to the worker below
    try {
      worker = new Worker(script.script, { workerData: { ...job, key }, eval: script.eval, transferList: key ? [key.buffer] : [] });
    } catch {
      key?.fill(0); // not moved: the worker did not start
      inCaller().then(resolve, reject);
      return;
    }
    worker.on('message', (m: VerifyMessage) => {
      switch (m.type) {
        case 'started':
          started = true;
          lastVerifyThread = 'worker';
          break;
        case 'progress':
          onProgress?.(m.checked, m.total);
          break;
        case 'done':
          settle(() => resolve(m.result));
          void worker.terminate();
          break;
        case 'failed':
          settle(() => reject(new Error(m.message)));
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (e) => {
      // A worker that could not load runs the walk here instead; one that failed mid-walk is an error.
      if (!started) settle(() => void inCaller().then(resolve, reject));
      else settle(() => reject(e));
    });
    worker.on('exit', (code) => {
      if (!started) settle(() => void inCaller().then(resolve, reject));
      else settle(() => reject(new Error(`the verify worker exited early (code ${code})`)));
    });
  });
}
