/** Tiny measurement helpers for `npm run bench`: figures, never pass/fail. */
export interface Rate {
  opsPerSec: number;
  usPerOp: number;
}

/** Run `fn` repeatedly for about `ms` milliseconds (after a warm-up) and report the rate. */
export async function rate(fn: () => unknown | Promise<unknown>, ms = 1500): Promise<Rate> {
  const warm = Date.now() + Math.min(300, ms / 5);
  while (Date.now() < warm) await fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { opsPerSec: n / seconds, usPerOp: (seconds * 1e6) / n };
}

/** Median wall time of `runs` calls, in milliseconds. */
export async function medianMs(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function row(label: string, value: string, baseline?: string, ratio?: number): string {
  const r = ratio === undefined ? '' : `  ratio ${ratio.toFixed(2)}`;
  return `${label.padEnd(44)} ${value.padStart(16)}${baseline ? `  (baseline ${baseline})` : ''}${r}`;
}

export const fmt = {
  ops: (r: Rate) => `${Math.round(r.opsPerSec).toLocaleString('en-US')} ops/s`,
  ms: (ms: number) => `${ms.toFixed(1)} ms`,
};
