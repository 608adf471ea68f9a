// dependency-cruiser rules, generated from the layer data in layers.config.mjs (the single
// source; edit that file, not these rules). Run through `npm run lint:layers`
// (scripts/check-layers.mjs), which cruises each tree with its own tsconfig; a plain
// `npx depcruise src-main src-shared src-renderer --config .dependency-cruiser.mjs` works too.
// Rule reference: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
import { EXCLUSIVE, LAYERS, TEST_FILES } from './layers.config.mjs';

const esc = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
/** A package name, or '@scope/*' for a whole scope, as a regex over a resolved node_modules path. */
const pkg = (name) => (name.endsWith('/*') ? `${esc(name.slice(0, -1))}[^/]+` : esc(name));
const pkgPath = (names) => `(^|/)node_modules/(${names.map(pkg).join('|')})(/|$)`;
const corePath = (names) => `^(node:)?(${names.map((n) => esc(n)).join("|")})(/|$)`;
const folder = (layer) => `^${esc(LAYERS[layer].path)}/`;
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
const ROOTS = [...new Set(Object.values(LAYERS).map((l) => l.path.split('/')[0]))];
/** Layers every test file may import: the shared test kits. */
const TEST_KIT_LAYERS = ['testkit'];

/** Throw if the allowed layer imports have a cycle: the folders must form a DAG. */
export function assertAcyclic(layers = LAYERS) {
  const state = new Map();
  const visit = (name, trail) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') throw new Error(`layers.config.mjs: layer cycle ${[...trail, name].join(' -> ')}`);
    if (!layers[name]) throw new Error(`layers.config.mjs: unknown layer '${name}'`);
    state.set(name, 'open');
    for (const next of layers[name].imports) visit(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(layers)) visit(name, []);
}

function layerRules(name, layer) {
  const own = folder(name);
  const allowed = [name, ...layer.imports].map((l) => esc(LAYERS[l].path));
  const allowedImports = layer.imports.map((l) => `${LAYERS[l].path}/`).join(', ') || 'nothing else';
  // Test files may also import the shared test kits; nothing else may (their own rule below).
  const testAllowed = [...allowed, ...TEST_KIT_LAYERS.map((l) => esc(LAYERS[l].path))];
  const rules = [
    {
      name: `layer:${name}`,
      comment: `${layer.path}/ may import ${allowedImports} (layers.config.mjs)`,
      severity: 'error',
      from: { path: own, pathNot: TEST_FILES },
      to: { path: `^(${ROOTS.map(esc).join('|')})/`, pathNot: `^(${allowed.join('|')})/` },
    },
    {
      name: `layer:${name}:tests`,
      comment: `${layer.path}/ tests may import ${allowedImports}, and the test kits (layers.config.mjs)`,
      severity: 'error',
      from: { path: `${own}.*${TEST_FILES}` },
      to: { path: `^(${ROOTS.map(esc).join('|')})/`, pathNot: `^(${testAllowed.join('|')})/` },
    },
  ];
  for (const target of layer.typeOnly ?? []) {
    rules.push({
      name: `types-only:${name}`,
      comment: `${layer.path}/ may import only types from ${LAYERS[target].path}/ (its ports), outside tests`,
      severity: 'error',
      from: { path: own, pathNot: TEST_FILES },
      to: { path: folder(target), dependencyTypesNot: ['type-only'] },
    });
  }
  // Exclusive imports are left to their own rule, so each bad import is reported once.
  const exclusivePackages = EXCLUSIVE.flatMap((x) => x.packages);
  const exclusiveNode = EXCLUSIVE.flatMap((x) => x.node);
  const packageRule = (suffix, fromExtra, packages, node) => {
    const to = { dependencyTypes: NPM, pathNot: pkgPath([...packages, ...exclusivePackages]) };
    const core = { dependencyTypes: ['core'], pathNot: corePath([...node, ...exclusiveNode]) };
    const list = `packages [${packages.join(', ')}], node [${node.join(', ')}]`;
    const out = [{ name: `packages:${name}${suffix}`, comment: `${layer.path}/${suffix ? ' tests' : ''} may use only ${list}`, severity: 'error', from: { path: own, ...fromExtra }, to }];
    if (!node.includes('*')) out.push({ name: `node:${name}${suffix}`, comment: `${layer.path}/${suffix ? ' tests' : ''} may use only node [${node.join(', ')}]`, severity: 'error', from: { path: own, ...fromExtra }, to: core });
    return out;
  };
  rules.push(...packageRule('', { pathNot: TEST_FILES }, layer.packages, layer.node));
  rules.push(...packageRule(':tests', { path: `${own}.*${TEST_FILES}` }, [...layer.packages, ...(layer.testPackages ?? [])], [...layer.node, ...(layer.testNode ?? [])]));
  return rules;
}

function exclusiveRules() {
  return EXCLUSIVE.flatMap((x) => {
    const from = { pathNot: `^(${x.only.map((l) => esc(LAYERS[l].path)).join('|')})/` };
    const rules = [];
    if (x.packages.length > 0) rules.push({ name: x.name, comment: x.why, severity: 'error', from, to: { path: pkgPath(x.packages) } });
    if (x.node.length > 0) rules.push({ name: `${x.name}:node`, comment: x.why, severity: 'error', from, to: { dependencyTypes: ['core'], path: corePath(x.node) } });
    return rules;
  });
}

assertAcyclic();

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...exclusiveRules(),
    ...Object.entries(LAYERS).flatMap(([name, layer]) => layerRules(name, layer)),
    { name: 'test-kits-for-tests', comment: 'the shared test kits are loaded only by tests', severity: 'error', from: { pathNot: TEST_FILES }, to: { path: `^(${TEST_KIT_LAYERS.map((l) => esc(LAYERS[l].path)).join('|')})/` } },
    { name: 'not-in-a-layer', comment: 'every source file belongs to a layer in layers.config.mjs', severity: 'error', from: { path: `^(${ROOTS.map(esc).join('|')})/`, pathNot: `^(${Object.values(LAYERS).map((l) => esc(l.path)).join('|')})/` }, to: {} },
    { name: 'unresolvable', comment: 'an import that resolves to nothing (a missing file or an uninstalled package)', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
