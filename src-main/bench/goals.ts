/**
 * The goal table `npm run bench` ends with. Each bench script calls `reportGoal` for every
 * figure that has a goal; the rows are appended (JSON lines) to the file named by
 * KEYWARD_BENCH_GOALS (default: out/bench-goals.jsonl), and `bench/summary.ts`, run last,
 * prints them as one table: figure, goal, measured, met or not.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** One row of the final table. `met` is undefined when the figure could not be measured here. */
export interface GoalRow {
  /** What was measured, e.g. "Endpoint Encrypt 1 KiB: server CPU per request vs bare node:http". */
  figure: string;
  /** The goal as written, e.g. "<= 1.6x (aim 1.2x)". */
  goal: string;
  /** The measured value with its unit and baseline, e.g. "1.42x (68 µs vs 48 µs)". */
  measured: string;
  met: boolean | undefined;
}

/** The JSON-lines file the rows go to. */
export function goalsFile(): string {
  return process.env.KEYWARD_BENCH_GOALS ?? 'out/bench-goals.jsonl';
}

/** Append one row for the final table (and print nothing: the script prints its own figures). */
export function reportGoal(row: GoalRow): void {
  const file = goalsFile();
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** Start a fresh table (bench/summary.ts --reset runs first in `npm run bench`). */
export function resetGoals(): void {
  rmSync(goalsFile(), { force: true });
}

/** The rows reported so far, in order. */
export function readGoals(): GoalRow[] {
  let text: string;
  try {
    text = readFileSync(goalsFile(), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as GoalRow); // written by reportGoal
}
