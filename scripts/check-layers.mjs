// The layer check (`npm run lint:layers`): dependency-cruiser with the rules that
// .dependency-cruiser.mjs generates from layers.config.mjs. Each tree is cruised with its
// own tsconfig, so imports resolve as the compiler resolves them (comments and strings are
// never read as imports). Prints one line per violation, "file → import  [rule] why", and
// exits 1 when there is any.
//
// With --built it also walks the static import graph of out/main/host.js (the headless
// host, run with plain node) and fails if 'electron' is reachable from it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each tree and the tsconfig that compiles it. */
export const TREES = [
  { roots: ['src-shared'], tsConfig: 'tsconfig.shared.json' },
  { roots: ['src-main'], tsConfig: 'tsconfig.node.json' },
  { roots: ['src-renderer'], tsConfig: 'tsconfig.web.json' },
];

/**
 * Cruise `root` (default: this repository) with the real rules. `tsConfigDir` is where the
 * tsconfigs live (the repository, also for a fixture tree). Returns the violations as
 * { from, to, rule, comment } records, sorted.
 */
export async function checkSources(root = ROOT, { tsConfigDir = ROOT, trees = TREES } = {}) {
  const { default: config } = await import(pathToFileURL(join(ROOT, '.dependency-cruiser.mjs')).href);
  const comments = new Map(config.forbidden.map((r) => [r.name, r.comment ?? '']));
  const out = [];
  for (const tree of trees) {
    const roots = tree.roots.filter((r) => existsSync(join(root, r)));
    if (roots.length === 0) continue;
    const tsConfigFile = join(tsConfigDir, tree.tsConfig);
    const result = await cruise(
      roots,
      { ...config.options, baseDir: root, preserveSymlinks: true, validate: true, ruleSet: { forbidden: config.forbidden }, tsConfig: { fileName: tsConfigFile }, outputType: 'json' },
      {},
      { tsConfig: extractTSConfig(tsConfigFile) },
    );
    const json = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
    for (const v of json.summary.violations) {
      const core = (v.dependencyTypes ?? []).includes('core');
      const to = core ? `node:${v.to.replace(/^node:/, '')}` : v.unresolvedTo && v.unresolvedTo !== v.to ? `${v.unresolvedTo} (${v.to})` : v.to;
      out.push({ from: v.from, to, rule: v.rule.name, comment: comments.get(v.rule.name) ?? '' });
    }
  }
  return out.sort((a, b) => (a.from + a.to + a.rule < b.from + b.to + b.rule ? -1 : 1));
}

/** "file → import  [rule] why" */
export function formatViolation(v) {
  return `${v.from} → ${v.to}  [${v.rule}] ${v.comment}`;
}

/** Module specifiers of a built (bundled, comment-free) ESM file, with their lines. */
function importsOf(src) {
  const out = [];
  const re = /(?:\bimport\s+(?:[\w*${}\s,]+\s+from\s+)?|\bexport\s+[\w*${}\s,]+\s+from\s+|\bimport\s*\(\s*)(['"])([^'"\n]+)\1/g;
  let m;
  while ((m = re.exec(src)) !== null) out.push({ spec: m[2], line: src.slice(0, m.index).split('\n').length });
  return out;
}

const ELECTRON = /^(electron|electron-store|@electron\/.*|electron\/.*)$/;

/** Static import graph of a built ESM entry: is 'electron' reachable? */
export function checkBuiltHost(entry = join(ROOT, 'out', 'main', 'host.js')) {
  if (!existsSync(entry)) return [`${relative(ROOT, entry)} is missing: build first`];
  const violations = [];
  const seen = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { spec, line } of importsOf(readFileSync(file, 'utf8'))) {
      if (ELECTRON.test(spec)) violations.push(`${relative(ROOT, file)}:${line}: the headless host's bundle imports '${spec}'`);
      else if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = process.argv.includes('--built');
  // --built checks only the bundle (npm test runs the source check as its own step).
  const violations = built ? checkBuiltHost() : (await checkSources()).map(formatViolation);
  if (violations.length > 0) {
    console.error(`Layering violations (${violations.length}):`);
    for (const v of violations) console.error(`  ${v}`);
    process.exit(1);
  }
  console.log(built ? 'Layering: OK (out/main/host.js cannot reach electron)' : 'Layering: OK (src-main, src-shared, src-renderer; rules from layers.config.mjs)');
}
