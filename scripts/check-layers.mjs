// The layering rule (ARCHITECTURE.md "Layout", STYLE.md house rule 1): folders say the
// runtime. Prints every violation as file:line and exits 1 when there is any.
//
//   src-shared    pure TypeScript: no node:, electron, react, DOM globals, src-main, src-renderer
//   src-renderer  src-shared and npm web packages only: no src-main, node:, electron
//   src-main      never src-renderer; only src-main/electron/** may import electron
//
// With --built it also walks the static import graph of out/main/host.js (the headless
// host, run with plain node) and fails if 'electron' is reachable from it.
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const ELECTRON = /^(electron|electron-store|@electron\/.*|electron\/.*)$/;
const DOM_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'indexedDB', 'XMLHttpRequest', 'HTMLElement'];
const NODE_GLOBALS = ['Buffer', 'require', '__dirname', '__filename'];

/** Blank out comments and string/template contents, keeping line breaks (for globals only). */
function stripCommentsAndStrings(src) {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, '')
    .replace(/(['"`])(?:\\.|(?!\1)[^\\\n])*\1/g, (m) => m[0] + ' '.repeat(Math.max(0, m.length - 2)) + m[0]);
}

/** Every module specifier in a source file, with its line. */
function importsOf(src) {
  const out = [];
  const re = /(?:\bimport\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*${}\s,]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
  let m;
  while ((m = re.exec(src)) !== null) {
    out.push({ spec: m[2], line: src.slice(0, m.index).split('\n').length });
  }
  return out;
}

function walk(dir, files = []) {
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, files);
    else if (/\.(ts|tsx|mts|cts|js|mjs|jsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(p);
  }
  return files;
}

export function checkSources(root = ROOT) {
  const violations = [];
  const layerOf = (absPath) => relative(root, absPath).split(sep)[0];
  const add = (file, line, msg) => violations.push(`${relative(root, file)}:${line}: ${msg}`);
  for (const layer of ['src-shared', 'src-renderer', 'src-main']) {
    for (const file of walk(join(root, layer))) {
      const src = readFileSync(file, 'utf8');
      const inElectronFolder = relative(root, file).startsWith(`src-main${sep}electron${sep}`);
      for (const { spec, line } of importsOf(src)) {
        const isRelative = spec.startsWith('.') || spec.startsWith('/');
        const target = isRelative ? layerOf(resolve(dirname(file), spec)) : null;
        if (ELECTRON.test(spec) && !inElectronFolder) add(file, line, `imports '${spec}': only src-main/electron/ may import electron`);
        if (layer === 'src-shared') {
          if (NODE_BUILTINS.has(spec)) add(file, line, `imports '${spec}': src-shared is pure TypeScript (no Node)`);
          if (/^(react|react-dom)(\/|$)|^@mantine\//.test(spec)) add(file, line, `imports '${spec}': src-shared has no UI`);
          if (target !== null && target !== 'src-shared') add(file, line, `imports '${spec}' from ${target}: src-shared imports only src-shared`);
        } else if (layer === 'src-renderer') {
          if (NODE_BUILTINS.has(spec)) add(file, line, `imports '${spec}': the renderer has no Node`);
          if (target !== null && target !== 'src-renderer' && target !== 'src-shared') add(file, line, `imports '${spec}' from ${target}: the renderer imports only src-shared`);
        } else if (layer === 'src-main') {
          if (target === 'src-renderer') add(file, line, `imports '${spec}': src-main never imports src-renderer`);
        }
      }
      const code = stripCommentsAndStrings(src);
      const globals = layer === 'src-shared' ? [...DOM_GLOBALS, ...NODE_GLOBALS, 'process'] : layer === 'src-renderer' ? NODE_GLOBALS : [];
      for (const g of globals) {
        const re = new RegExp(`(?<![\\w$.'"])${g.replace(/\$/g, '\\$')}\\b(?!\\s*:)`, 'g');
        let m;
        while ((m = re.exec(code)) !== null) add(file, code.slice(0, m.index).split('\n').length, `uses the global '${g}', which ${layer} must not`);
      }
    }
  }
  return violations;
}

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
  const violations = [...checkSources(), ...(process.argv.includes('--built') ? checkBuiltHost() : [])];
  if (violations.length > 0) {
    console.error(`Layering violations (${violations.length}):`);
    for (const v of violations) console.error(`  ${v}`);
    process.exit(1);
  }
  console.log(`Layering: OK${process.argv.includes('--built') ? ' (sources and out/main/host.js)' : ''}`);
}
