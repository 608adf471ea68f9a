// The intended structure of Keyward as data: the single source for the layer check
// (.dependency-cruiser.mjs turns it into rules; scripts/check-layers.mjs runs them);
// docs/architecture.md explains it. Every layer is a folder; `imports` names the layers its files may
// import (its own folder always may); `packages` the npm packages and `node` the Node
// builtins its production files may import; `testPackages` / `testNode` what its test
// files may import on top. A package on no list is an error in every layer.
//
// Exclusive imports (`exclusive`) hold across the tree: only the named layers may import
// them, whatever their own lists say (the crypto door, the desktop shell).

/**
 * Files that only tests load: *.test.ts(x), test kits (_test-*.ts(x)), test-harness.ts,
 * test-setup/test-utils, and anything under a test/ or __tests__/ folder.
 */
export const TEST_FILES = '(\\.test\\.tsx?|/_test-[^/]+\\.tsx?|/test-(harness|setup|utils)\\.tsx?|/(test|testing|__tests__)/.+)$';

/** Node builtins every src-main layer but crypto may use for plumbing (node:crypto is exclusive). */
const NODE_PLUMBING = ['*'];

/**
 * @typedef {object} Layer
 * @property {string} path         folder, relative to the repository root
 * @property {string} description  what lives there
 * @property {string[]} imports    layers (by name) this one may import
 * @property {string[]} packages   npm packages production files may import ('@scope/*' = the scope)
 * @property {string[]} node       Node builtins production files may import (without 'node:'; '*' = any)
 * @property {string[]} [testPackages] extra packages for test files
 * @property {string[]} [testNode] extra Node builtins for test files
 * @property {string[]} [typeOnly] layers (among `imports`) production files may import types from, nothing else
 * @property {string[]} [testImports] extra layers its test files may import (the shared test kits)
 */

/** @type {Record<string, Layer>} */
export const LAYERS = {
  shared: {
    path: 'src-shared',
    description: 'pure TypeScript shared by both processes: contract, KMS schemas, errors, types',
    imports: [],
    packages: ['zod', '@scure/base'],
    node: [],
    testPackages: ['vitest'],
  },
  renderer: {
    path: 'src-renderer',
    description: 'the React UI; runs in a browser or an Electron renderer',
    imports: ['shared'],
    packages: ['react', 'react-dom', '@mantine/*', '@tabler/icons-react', '@tanstack/react-virtual', 'zustand', '@scure/base', 'zod'],
    node: [],
    testPackages: ['vitest', '@testing-library/*', 'happy-dom'],
  },
  platform: {
    path: 'src-main/platform',
    description: 'Node plumbing: fs port and durable writes, serial queue, HTTP helpers, the clock port',
    imports: ['shared'],
    packages: [],
    node: NODE_PLUMBING,
    testPackages: ['vitest'],
  },
  crypto: {
    path: 'src-main/crypto',
    description: 'the crypto door: every primitive, wrapped and self-tested',
    imports: ['shared'],
    packages: ['@noble/ciphers', '@noble/hashes', '@noble/curves', '@noble/post-quantum', '@scure/base'],
    // worker_threads, os, module: key generation in a worker thread (keygen.ts).
    node: ['crypto', 'worker_threads', 'os', 'module'],
    // @aws-crypto/sha256-js: an independent SHA-256 to cross-check the SigV4 hash adapter.
    testPackages: ['vitest', '@aws-crypto/sha256-js'],
    testNode: ['fs', 'path', 'url'],
  },
  kms: {
    path: 'src-main/kms',
    description: 'the KMS engine: key state, operations, KMS exceptions',
    imports: ['crypto', 'platform', 'shared'],
    // zod: the vault body's schema (kms/vault-body.ts) is the engine's state model.
    packages: ['@scure/base', 'zod'],
    node: [],
    testPackages: ['vitest'],
    testNode: ['fs', 'path', 'url'],
  },
  vault: {
    path: 'src-main/vault',
    description: 'the encrypted vault file, its unlock slots and lock file',
    imports: ['crypto', 'platform', 'shared'],
    packages: ['zod', '@scure/base'],
    node: NODE_PLUMBING,
    testPackages: ['vitest'],
  },
  audit: {
    path: 'src-main/audit',
    description: 'the hash-chained, CloudTrail-shaped audit log',
    imports: ['crypto', 'platform', 'shared'],
    packages: ['zod', '@scure/base'],
    node: NODE_PLUMBING,
    testPackages: ['vitest'],
  },
  schedule: {
    path: 'src-main/schedule',
    description: 'the rotation and deletion scheduler',
    imports: ['kms', 'platform', 'shared'],
    packages: [],
    node: [],
    testPackages: ['vitest'],
  },
  cost: {
    path: 'src-main/cost',
    description: 'the cost estimator at AWS list prices (pure)',
    imports: ['platform', 'shared'],
    packages: [],
    node: [],
    testPackages: ['vitest'],
  },
  service: {
    path: 'src-main/service',
    description: 'composition root, router, session, recorder, channel groups; declares the endpoint port',
    imports: ['kms', 'vault', 'audit', 'schedule', 'cost', 'crypto', 'platform', 'shared'],
    packages: ['zod', '@scure/base'],
    node: NODE_PLUMBING,
    testPackages: ['vitest'],
  },
  api: {
    path: 'src-main/api',
    description: 'the local AWS-KMS-compatible endpoint (JSON 1.1, SigV4); implements the service port',
    imports: ['service', 'crypto', 'platform', 'shared'],
    typeOnly: ['service'],
    packages: ['zod', '@scure/base', '@smithy/signature-v4', '@smithy/protocol-http', '@aws-crypto/sha256-js'],
    node: NODE_PLUMBING,
    testPackages: ['vitest', '@aws-sdk/client-kms', '@aws-crypto/client-node'],
  },
  host: {
    path: 'src-main/host',
    description: 'the headless host: the service and the UI over loopback HTTP, no Electron',
    imports: ['service', 'api', 'kms', 'vault', 'audit', 'schedule', 'cost', 'crypto', 'platform', 'shared'],
    packages: ['zod', '@scure/base', '@napi-rs/keyring'],
    node: NODE_PLUMBING,
    testPackages: ['vitest', '@aws-sdk/client-kms'],
  },
  electron: {
    path: 'src-main/electron',
    description: 'the desktop shell: the only place that imports electron and electron-store',
    imports: ['service', 'api', 'kms', 'vault', 'audit', 'schedule', 'cost', 'crypto', 'platform', 'shared'],
    packages: ['electron', 'electron-store', 'zod', '@scure/base'],
    node: NODE_PLUMBING,
    testPackages: ['vitest'],
  },
  testkit: {
    path: 'src-main/testing',
    description: 'shared test kits (temp dirs, a running service and endpoint, raw HTTP, audit reads); loaded only by tests',
    imports: ['service', 'api', 'kms', 'vault', 'audit', 'schedule', 'cost', 'crypto', 'platform', 'shared'],
    packages: ['vitest'],
    node: NODE_PLUMBING,
  },
  bench: {
    path: 'src-main/bench',
    description: 'benchmarks (npm run bench); never loaded by the app',
    imports: ['service', 'api', 'kms', 'vault', 'audit', 'schedule', 'cost', 'crypto', 'platform', 'shared'],
    packages: ['@smithy/signature-v4', '@smithy/protocol-http', '@aws-crypto/sha256-js', '@scure/base'],
    node: NODE_PLUMBING,
    testPackages: ['vitest'],
  },
};

/** Imports only the named layers may make, whatever their own lists say. */
export const EXCLUSIVE = [
  { name: 'crypto-door', node: ['crypto'], packages: ['@noble/*'], only: ['crypto'], why: 'node:crypto and @noble/* are reached only through src-main/crypto/' },
  { name: 'desktop-shell', node: [], packages: ['electron', 'electron-store', '@electron/*'], only: ['electron'], why: 'only src-main/electron/ imports electron (the headless host runs on plain Node)' },
];
