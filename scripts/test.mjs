// `npm test`: layering (dependency-cruiser rules from layers.config.mjs), typecheck, ESLint, unit tests, build, browser e2e. Every step runs and
// prints its own output; the last line is one total over vitest and Playwright:
//   N passed, N failed, N skipped
// A failed check step (layering, typecheck, lint, build) counts as one failure, so that line can
// never read "0 failed" when something broke. Exits 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './electron-binary.mjs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const reports = mkdtempSync(join(tmpdir(), 'keyward-test-'));
const vitestJson = join(reports, 'vitest.json');
const playwrightJson = join(reports, 'playwright.json');

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  if (!ok) failedSteps.push(name);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** "project › title: reason" for every skipped Playwright test that gave a reason. */
function skipReasons(report) {
  const out = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const skip = (t.annotations ?? []).find((a) => a.type === 'skip' && a.description);
        if (t.status === 'skipped' && skip) out.push(`[${t.projectName}] ${spec.title}: ${skip.description}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return out;
}

function checkStep(name, cmd, args) {
  if (!step(name, cmd, args)) totals.failed += 1;
}

checkStep('layering (dependency-cruiser, layers.config.mjs)', process.execPath, [join(ROOT, 'scripts', 'check-layers.mjs')]);
checkStep('typecheck', npm, ['run', '--silent', 'typecheck']);
checkStep('lint (eslint)', npm, ['run', '--silent', 'lint']);

// Unit tests.
const vitestOk = step('unit tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v !== null) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // Suites that failed to load have no tests to count; count each as a failure.
  const brokenSuites = (v.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  totals.failed += brokenSuites;
  if (!vitestOk && (v.numFailedTests ?? 0) + brokenSuites === 0) totals.failed += 1;
} else {
  totals.failed += 1;
}

// Build, then prove the headless host's bundle cannot reach electron.
const built =
  step('build (electron-vite)', npx, ['electron-vite', 'build']) &&
  step('layering of the built host', process.execPath, [join(ROOT, 'scripts', 'check-layers.mjs'), '--built']);
if (!built) totals.failed += 1;

// End-to-end (needs the build).
if (built) {
  const e2eOk = step('end-to-end (playwright)', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  const p = readJson(playwrightJson);
  if (p !== null && p.stats) {
    totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    totals.failed += p.stats.unexpected ?? 0;
    totals.skipped += p.stats.skipped ?? 0;
    if (!e2eOk && (p.stats.unexpected ?? 0) === 0) totals.failed += 1; // e.g. a global setup error
    for (const reason of skipReasons(p)) console.log(`  skipped: ${reason}`);
  } else {
    totals.failed += 1;
  }
} else {
  console.log('\n=== end-to-end (playwright): not run, the build failed');
}

rmSync(reports, { recursive: true, force: true });
console.log('');
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 || failedSteps.length > 0 ? 1 : 0;
