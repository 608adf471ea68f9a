/**
 * Bench for the local KMS endpoint (src-main/api/): server CPU per signed, audited request
 * (Encrypt of 1 KiB, Decrypt of its blob, GenerateDataKey AES_256) beside a bare node:http
 * server that parses the same JSON and answers a same-sized body, measured in the same run.
 * Run: npx tsx src-main/bench/endpoint.ts   (KEYWARD_BENCH_PAIRS=n rounds per side, default 3;
 * KEYWARD_BENCH_PROF=<dir> profiles the Keyward server during the Encrypt rounds, keeps the
 * .cpuprofile there and prints its CPU by category, bench/cpu-profile.ts.)
 *
 * Three processes: the load generator (bench/endpoint-load.ts) pinned to core 1, each server
 * (bench/endpoint-server.ts: Keyward with production settings, and the bare one) pinned to
 * core 0 (`taskset -c`). Each server's CPU time (utime + stime of all its threads, from
 * /proc/<pid>/stat, proc(5)) is read when counting starts and ends, and divided by the
 * answers counted. Rounds alternate Keyward, bare, Keyward, bare, so a load change on the
 * machine hits both sides alike; the ratio is of the summed CPU per request.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCategories, type CpuProfile } from './cpu-profile.js';
import { reportGoal } from './goals.js';
import type { LoadResult, LoadRound } from './endpoint-load.js';
import type { OpTraffic } from './endpoint-server.js';

const CONCURRENCY = 16;
const WARM_MS = 500;
const RUN_MS = 2500;
const PAIRS = Number(process.env.KEYWARD_BENCH_PAIRS ?? 3);
const HERE = fileURLToPath(new URL('.', import.meta.url));
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const CAN_PIN = availableParallelism() >= 2 && existsSync('/usr/bin/taskset');

interface Child {
  proc: ChildProcess;
  next<T>(): Promise<T>;
}

/** Start `script` (TypeScript, through this process's tsx loader) on `core`, with an IPC channel. */
function start(script: string, core: number, args: string[], nodeFlags: string[] = []): Child {
  const node = [...nodeFlags, ...process.execArgv, join(HERE, script), ...args];
  const proc = CAN_PIN
    ? spawn('taskset', ['-c', String(core), process.execPath, ...node], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : spawn(process.execPath, node, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: unknown[] = [];
  const waiting: { resolve(m: unknown): void; reject(e: Error): void }[] = [];
  proc.on('message', (m) => {
    const w = waiting.shift();
    if (w) w.resolve(m);
    else queue.push(m);
  });
  proc.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${script} exited (${code})`));
  });
  return {
    proc,
    next: <T>() => new Promise<T>((resolve, reject) => {
      if (queue.length > 0) return resolve(queue.shift() as T); // the child's protocol fixes the order
      waiting.push({ resolve: (m) => resolve(m as T), reject }); // idem
    }),
  };
}

/** CPU seconds (user + system, all threads) the process has used so far (proc(5), fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Write-family system calls the process has made so far (proc(5), /proc/<pid>/io `syscw`: socket writes, audit file writes and libuv's eventfd wake-ups alike). */
function writeCalls(pid: number): number {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

interface Side {
  writes: number;
  cpu: number;
  done: number;
  errors: number;
  seconds: number;
  p50: number[];
  p99: number[];
}

async function measure(load: Child, server: Child & { port: number }, requests: OpTraffic['requests'], side: Side): Promise<number> {
  const round: LoadRound = { port: server.port, requests, concurrency: CONCURRENCY, warmMs: WARM_MS, runMs: RUN_MS };
  load.proc.send(round);
  await load.next<'start'>();
  const pid = server.proc.pid!; // spawned: has a pid
  const before = cpuSeconds(pid);
  const writesBefore = writeCalls(pid);
  const r = await load.next<LoadResult>();
  const cpu = cpuSeconds(pid) - before;
  side.writes += writeCalls(pid) - writesBefore;
  side.cpu += cpu;
  side.done += r.done;
  side.errors += r.errors;
  side.seconds += r.seconds;
  side.p50.push(r.p50Us);
  side.p99.push(r.p99Us);
  await new Promise((res) => setTimeout(res, 200)); // let the loops drain before the next round
  return (cpu * 1e6) / Math.max(1, r.done);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const us = (x: number): string => `${x.toFixed(1)} µs`;

function line(name: string, s: Side): string {
  const perReq = (s.cpu * 1e6) / Math.max(1, s.done);
  const rps = s.done / s.seconds;
  return `  ${name.padEnd(9)} CPU/request ${us(perReq).padStart(9)}   ${Math.round(rps).toLocaleString('en-US').padStart(6)} req/s   p50 ${us(median(s.p50)).padStart(9)}   p99 ${us(median(s.p99)).padStart(9)}   write syscalls/request ${(s.writes / Math.max(1, s.done)).toFixed(2)}${s.errors ? `   non-200: ${s.errors}` : ''}`;
}

/** Stop the Keyward server's profiler and copy the profile into `into`. */
async function stopProfile(kw: Child, into: string): Promise<{ file: string; data: CpuProfile }> {
  kw.proc.send('prof-stop');
  const written = await kw.next<string>();
  mkdirSync(into, { recursive: true });
  const file = join(into, `keyward-encrypt-${Date.now()}.cpuprofile`);
  copyFileSync(written, file);
  return { file, data: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile }; // V8's .cpuprofile
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-endpoint-'));
  const prof = process.env.KEYWARD_BENCH_PROF;
  const children: Child[] = [];
  try {
    const kw = start('endpoint-server.ts', 0, ['keyward', dir]);
    children.push(kw);
    const kwInfo = await kw.next<{ port: number; traffic: string }>();
    const bare = start('endpoint-server.ts', 0, ['bare', dir, kwInfo.traffic]);
    children.push(bare);
    const bareInfo = await bare.next<{ port: number }>();
    const load = start('endpoint-load.ts', 1, []);
    children.push(load);
    await load.next<'ready'>();
    const traffic = JSON.parse(readFileSync(kwInfo.traffic, 'utf8')) as OpTraffic[]; // written by endpoint-server.ts
    console.log(`Keyward KMS endpoint bench (node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(2)}${CAN_PIN ? '; load generator on core 1, servers on core 0' : '; NOT pinned (taskset or a 2nd core missing)'})`);
    console.log(`concurrency ${CONCURRENCY}, ${PAIRS} alternating rounds per side of ${RUN_MS} ms; server CPU from /proc/<pid>/stat. Other work on the machine shows in both sides alike.\n`);
    for (const t of traffic) {
      const k: Side = { writes: 0, cpu: 0, done: 0, errors: 0, seconds: 0, p50: [], p99: [] };
      const b: Side = { writes: 0, cpu: 0, done: 0, errors: 0, seconds: 0, p50: [], p99: [] };
      const pairRatios: number[] = [];
      const profiling = prof !== undefined && t.op === 'Encrypt';
      if (profiling) {
        kw.proc.send('prof-start');
        await kw.next<string>();
      }
      for (let i = 0; i < PAIRS; i++) {
        const kUs = await measure(load, { ...kw, port: kwInfo.port }, t.requests, k);
        const bUs = await measure(load, { ...bare, port: bareInfo.port }, t.requests, b);
        pairRatios.push(kUs / bUs);
      }
      const profile = profiling ? await stopProfile(kw, prof) : undefined;
      const ratio = (k.cpu / Math.max(1, k.done)) / (b.cpu / Math.max(1, b.done));
      console.log(`${t.op}${t.op === 'Encrypt' ? ' 1 KiB' : ''}, signed and audited:`);
      console.log(line('Keyward', k));
      console.log(line('bare', b));
      console.log(`  ratio (server CPU per request) ${ratio.toFixed(2)}x   per pair ${pairRatios.map((r) => r.toFixed(2)).join(' ')}\n`);
      if (profile) console.log(`  Keyward's CPU by category (profile: ${profile.file}):\n${formatCategories(profile.data, (k.cpu * 1e6) / k.done)}\n`);
      reportGoal({
        figure: `Endpoint ${t.op}${t.op === 'Encrypt' ? ' 1 KiB' : ''}: server CPU per request vs bare node:http`,
        goal: '<= 1.6x (aim 1.2x)',
        measured: `${ratio.toFixed(2)}x (${us((k.cpu * 1e6) / k.done)} vs ${us((b.cpu * 1e6) / b.done)}; ${Math.round(k.done / k.seconds)} vs ${Math.round(b.done / b.seconds)} req/s)`,
        met: k.errors === 0 && k.done > 0 ? ratio <= 1.6 : false,
      });
    }
  } finally {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.proc.exitCode !== null) return resolve();
      c.proc.once('exit', () => resolve());
      c.proc.send('exit');
      setTimeout(() => c.proc.kill(), 5000).unref();
    })));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
