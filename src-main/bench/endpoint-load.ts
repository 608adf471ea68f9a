/**
 * The load generator process of the endpoint bench (bench/endpoint.ts starts it pinned to its
 * own core). Closed loop: `concurrency` loops on a keep-alive agent, each one request at a
 * time, replaying a pool of pre-signed requests (SigV4 has no nonce; a signature stays valid
 * for the 5-minute skew window), so the client's signing cost is out of the figures.
 *
 * Per round (a `LoadRound` message from the parent): warm up for `warmMs`, send `'start'`
 * (the parent reads the server's CPU time then), count answers for `runMs`, send the
 * `LoadResult` (the parent reads the CPU time again), then drain.
 */
import http from 'node:http';
import type { SignedRequest } from './endpoint-server.js';

/** One round as the parent asks for it. */
export interface LoadRound {
  port: number;
  requests: SignedRequest[];
  concurrency: number;
  warmMs: number;
  runMs: number;
}

/** One round's figures: 200 answers counted, other answers, seconds counted, latency percentiles in µs. */
export interface LoadResult {
  done: number;
  errors: number;
  seconds: number;
  p50Us: number;
  p99Us: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function send(message: unknown): void {
  if (!process.send) throw new Error('endpoint-load.ts runs as a child of bench/endpoint.ts (needs an IPC channel)');
  process.send(message);
}

async function round({ port, requests, concurrency, warmMs, runMs }: LoadRound): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(1 << 20);
  let n = 0, i = 0, done = 0, errors = 0, counting = false, stop = false;
  const one = (): Promise<void> => new Promise((resolve) => {
    const r = requests[i++ % requests.length]!;
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: r.headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (counting) {
          if (res.statusCode === 200) done++;
          else errors++;
          if (n < latencies.length) latencies[n++] = Number(process.hrtime.bigint() - t0) / 1000;
        }
        resolve();
      });
    });
    req.on('error', () => {
      if (counting) errors++;
      resolve();
    });
    req.end(r.body);
  });
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stop) await one();
  });
  await new Promise((r) => setTimeout(r, warmMs));
  send('start');
  counting = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, runMs));
  counting = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const sorted = latencies.subarray(0, n).sort();
  const result: LoadResult = { done, errors, seconds, p50Us: percentile(sorted, 0.5), p99Us: percentile(sorted, 0.99) };
  send(result);
  stop = true;
  await Promise.all(loops);
  agent.destroy();
}

process.on('message', (m: LoadRound | 'exit') => {
  if (m === 'exit') process.exit(0);
  else void round(m);
});
process.on('disconnect', () => process.exit(0)); // the bench is gone
send('ready');
