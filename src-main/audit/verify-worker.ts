/**
 * Worker-thread entry of the chain walk (Node worker_threads,
 * https://nodejs.org/api/worker_threads.html): walks the job given as workerData and posts
 * progress messages, then one result (or error) message, and zeroes its copy of the audit key.
 * Started by verify-runner.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { VerifyMessage } from './verify-runner.js';
import { type VerifyJob, walkChain } from './verify-walk.js';

const port = parentPort;
if (port) {
  const post = (m: VerifyMessage) => port.postMessage(m);
  post({ type: 'started' });
  const job = workerData as VerifyJob; // verify-runner.ts passes a VerifyJob, structured-cloned
  const wipe = () => job.key?.fill(0); // this thread's copy of the audit key (the runner moved it here)
  walkChain(job, (checked, total) => post({ type: 'progress', checked, total })).then(
    (result) => {
      wipe();
      post({ type: 'done', result });
    },
    (e: unknown) => {
      wipe();
      post({ type: 'failed', message: e instanceof Error ? e.message : 'unknown error' });
    },
  );
}
