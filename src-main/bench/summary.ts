/**
 * Prints the goal table at the end of `npm run bench` (rows from bench/goals.ts), or, with
 * `--reset`, clears it before the bench scripts run.
 */
import { readGoals, resetGoals } from './goals.js';

if (process.argv.includes('--reset')) {
  resetGoals();
} else {
  const rows = readGoals();
  const w = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  console.log(`\nGoals (${rows.length})`);
  console.log(`${w('figure', 60)} ${w('goal', 22)} ${w('measured', 40)} met`);
  for (const r of rows) {
    console.log(`${w(r.figure, 60)} ${w(r.goal, 22)} ${w(r.measured, 40)} ${r.met === undefined ? 'n/a' : r.met ? 'yes' : 'NO'}`);
  }
}
