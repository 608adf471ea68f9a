/**
 * Where the Keyward server's CPU goes, by category, from a V8 CPU profile (the Chrome
 * DevTools `.cpuprofile` format the inspector's Profiler.stop returns: nodes with call
 * frames and parents, samples and their time deltas). Each sample goes to the first category
 * that matches walking its stack from the leaf up; idle samples and the bench's own work
 * (stopping the profiler) are left out.
 * Run alone: npx tsx src-main/bench/cpu-profile.ts <file.cpuprofile> [µs per request]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Categories in the order the profile lists them; a frame matches the first rule that fits. */
const RULES: [string, RegExp][] = [
  ['SigV4 verification', /\/api\/sigv4|signature-v4|sigv4-sha256/],
  ['audit canonical JSON + chain hash', /\/audit\/(chain|canonical-line)\./],
  ['building the audit record', /\/audit\/(event-builder|bounds)\.|\/service\/(recorder|key-refs)\./],
  ['audit file writes', /\/audit\/segment-io\.|^node:fs|^node:internal\/fs/],
  ['audit batching and index', /\/audit\//],
  ['engine (AES-GCM, blob, context)', /\/kms\/|\/crypto\/(aes-gcm|symmetric|xchacha)/],
  ['randomBytes/randomUUID', /\/crypto\/random\.|node:internal\/crypto\/random/],
  ['zod', /node_modules\/zod\//],
  ['JSON/base64 codec', /\/api\/codec\.|wire-shape\.|src-shared\/wire\.|@scure\/base|\/crypto\/base64\./],
  ['socket writes', /node:net|stream_base_commons|node:_http_outgoing|node:internal\/streams/],
  ['HTTP parser', /node:_http_common|node:_http_server|node:_http_incoming/],
  ['service router', /\/service\//],
  ['endpoint glue', /\/api\/|\/platform\//],
  ['timers and microtasks', /node:internal\/(timers|process\/task_queues)/],
];

/** Milliseconds of CPU per category (idle excluded), largest first, and their total. */
export function categorise(p: CpuProfile): { total: number; rows: [string, number][] } {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n);
  }
  const memo = new Map<number, string | undefined>();
  const categoryOf = (leaf: ProfileNode): string | undefined => {
    if (memo.has(leaf.id)) return memo.get(leaf.id);
    const name = leaf.callFrame.functionName;
    let found: string | undefined;
    if (name === '(idle)') found = undefined;
    else if (name === '(garbage collector)') found = 'GC';
    else if (name === '(program)') found = 'native, unattributed (program)';
    else {
      found = 'other';
      for (let n: ProfileNode | undefined = leaf; n; n = parent.get(n.id)) {
        // The bench's own work in the server (stopping the profiler, writing it) is not the server's.
        if (n.callFrame.url.includes('/bench/')) {
          found = undefined;
          break;
        }
        const rule = RULES.find(([, re]) => re.test(n!.callFrame.url)); // n is the loop's current frame
        if (rule) {
          found = rule[0];
          break;
        }
      }
    }
    memo.set(leaf.id, found);
    return found;
  };
  const ms = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const c = categoryOf(byId.get(id)!); // samples name profile nodes
    if (c === undefined) return;
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    ms.set(c, (ms.get(c) ?? 0) + dt);
  });
  return { total, rows: [...ms].sort((a, b) => b[1] - a[1]) };
}

/** The table as text: share of busy CPU and, given the measured CPU per request, µs per request. */
export function formatCategories(p: CpuProfile, usPerRequest?: number): string {
  const { total, rows } = categorise(p);
  return rows.map(([name, ms]) => {
    const share = ms / total;
    const per = usPerRequest === undefined ? '' : `${(share * usPerRequest).toFixed(1).padStart(7)} µs`;
    return `    ${name.padEnd(36)} ${(share * 100).toFixed(1).padStart(5)}% ${per}`;
  }).join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, per] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [µs per request]');
  console.log(formatCategories(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, per ? Number(per) : undefined)); // a V8 .cpuprofile
}
