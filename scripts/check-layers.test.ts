import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAcyclic } from '../.dependency-cruiser.mjs';
import { LAYERS } from '../layers.config.mjs';
import { checkBuiltHost, checkSources, ROOT, TREES, type LayerViolation } from './check-layers.mjs';

// A fixture tree in the repository's layout, cruised with the real rules and tsconfigs.
// node_modules is a symlink to the repository's, so packages resolve as they do there.
let root: string;
let violations: LayerViolation[];

async function put(rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), text);
}

/** "rule from → import" for every violation of one fixture file. */
const of = (file: string) => violations.filter((v) => v.from === file).map((v) => `${v.rule} ${v.to}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keyward-layers-'));
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  // Targets, all allowed by themselves.
  await put('src-shared/contract.ts', 'export const c = 1;\n');
  await put('src-main/platform/clock.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n");
  await put('src-main/crypto/hash.ts', "import { createHash } from 'node:crypto';\nimport { sha256 } from '@noble/hashes/sha2.js';\nexport const h = [createHash, sha256];\n");
  await put('src-main/kms/engine.ts', "import { h } from '../crypto/hash.js';\nimport { r } from '../platform/clock.js';\nexport const e = [h, r];\n");
  // Allowed: a comment and a string naming node:fs in src-shared, and every allowed edge.
  await put('src-shared/ok.ts', "// Never import node:fs here: import { readFile } from 'node:fs';\nimport { z } from 'zod';\nimport { base64 } from '@scure/base';\nimport { c } from './contract.js';\nexport const s = ['node:fs', z, base64, c];\n");
  await put('src-main/vault/ok.ts', "import { h } from '../crypto/hash.js';\nimport { r } from '../platform/clock.js';\nimport { c } from '../../src-shared/contract.js';\nimport { join } from 'node:path';\nimport { z } from 'zod';\nexport const o = [h, r, c, join, z];\n");
  await put('src-main/kms/engine.test.ts', "import { it } from 'vitest';\nimport { e } from './engine.js';\nit('runs', () => void e);\n");
  await put('src-main/electron/ok.ts', "import { app } from 'electron';\nimport Store from 'electron-store';\nimport { e } from '../kms/engine.js';\nexport const o = [app, Store, e];\n");
  await put('src-main/service/ports.ts', 'export interface Port { run(): void }\nexport const make = (): Port => ({ run: () => undefined });\n');
  await put('src-main/api/ok.ts', "import type { Port } from '../service/ports.js';\nexport const p: Port | undefined = undefined;\n");
  await put('src-main/api/ok.test.ts', "import { make } from '../service/ports.js';\nexport const p = make();\n");
  await put('src-main/api/imports-service-value.ts', "import { make } from '../service/ports.js';\nexport const p = make();\n");
  await put('src-renderer/test/render.tsx', "import { render } from '@testing-library/react';\nexport const r = render;\n");
  await put('src-renderer/imports-test-package.tsx', "import { render } from '@testing-library/react';\nexport const r = render;\n");
  await put('src-renderer/ok.tsx', "import { Button } from '@mantine/core';\nimport { c } from '../src-shared/contract.js';\nexport const o = [Button, c];\n");
  // Forbidden, one reason per file.
  await put('src-main/vault/imports-kms.ts', "import { e } from '../kms/engine.js';\nexport const x = e;\n");
  await put('src-main/kms/imports-node-crypto.ts', "import { randomBytes } from 'node:crypto';\nexport const x = randomBytes;\n");
  await put('src-main/vault/imports-noble.ts', "import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';\nexport const x = xchacha20poly1305;\n");
  await put('src-main/vault/imports-electron.ts', "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n");
  await put('src-shared/imports-node-fs.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n");
  await put('src-shared/imports-main.ts', "export type { e } from '../src-main/kms/engine.js';\n");
  await put('src-renderer/imports-main.ts', "import { e } from '../src-main/kms/engine.js';\nexport const x = e;\n");
  await put('src-main/kms/imports-unlisted-package.ts', "import { test } from '@playwright/test';\nexport const x = test;\n");
  await put('src-main/kms/imports-test-package.ts', "import { it } from 'vitest';\nexport const x = it;\n");
  await put('src-main/kms/imports-missing.ts', "import { x } from 'no-such-package-anywhere';\nexport const y = x;\n");
  await put('src-main/kms/vault.test.ts', "import { o } from '../vault/ok.js';\nexport const x = o;\n");
  await put('src-main/crypto/imports-kms.ts', "import { e } from '../kms/engine.js';\nexport const x = e;\n");
  await put('src-main/testing/kit.ts', "import { o } from '../vault/ok.js';\nexport const k = o;\n");
  await put('src-main/kms/kit.test.ts', "import { k } from '../testing/kit.js';\nexport const x = k;\n");
  await put('src-main/kms/imports-test-kit.ts', "import { k } from '../testing/kit.js';\nexport const x = k;\n");
  await put('src-main/stray.ts', "import { c } from '../src-shared/contract.js';\nexport const x = c;\n");
  violations = await checkSources(root);
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('check-layers (dependency-cruiser with layers.config.mjs)', () => {
  it('passes every allowed import, including a comment and a string naming node:fs in src-shared', () => {
    for (const file of ['src-main/api/ok.ts', 'src-main/api/ok.test.ts', 'src-main/service/ports.ts', 'src-shared/ok.ts', 'src-shared/contract.ts', 'src-main/vault/ok.ts', 'src-main/kms/engine.ts', 'src-main/kms/engine.test.ts', 'src-main/crypto/hash.ts', 'src-main/platform/clock.ts', 'src-main/electron/ok.ts', 'src-renderer/ok.tsx', 'src-renderer/test/render.tsx']) {
      expect(of(file), file).toEqual([]);
    }
  });

  it('fails a folder importing a layer it may not (vault → kms, crypto → kms, tests too)', () => {
    expect(of('src-main/vault/imports-kms.ts')).toEqual(['layer:vault ../kms/engine.js (src-main/kms/engine.ts)']);
    expect(of('src-main/crypto/imports-kms.ts')).toEqual(['layer:crypto ../kms/engine.js (src-main/kms/engine.ts)']);
    expect(of('src-main/kms/vault.test.ts')).toEqual(['layer:kms:tests ../vault/ok.js (src-main/vault/ok.ts)']);
  });

  it('lets tests, and only tests, import the shared test kits in src-main/testing', () => {
    expect(of('src-main/testing/kit.ts')).toEqual([]);
    expect(of('src-main/kms/kit.test.ts')).toEqual([]);
    expect(of('src-main/kms/imports-test-kit.ts')).toEqual([
      'layer:kms ../testing/kit.js (src-main/testing/kit.ts)',
      'test-kits-for-tests ../testing/kit.js (src-main/testing/kit.ts)',
    ]);
  });

  it('lets api/ import only types (the port) from service/, outside tests', () => {
    expect(of('src-main/api/imports-service-value.ts')).toEqual(['types-only:api ../service/ports.js (src-main/service/ports.ts)']);
  });

  it('keeps node:crypto and @noble/* behind the crypto door', () => {
    expect(of('src-main/kms/imports-node-crypto.ts')).toEqual(['crypto-door:node node:crypto']);
    expect(of('src-main/vault/imports-noble.ts')).toEqual(['crypto-door @noble/ciphers/chacha.js (node_modules/@noble/ciphers/chacha.js)']);
  });

  it('keeps electron in src-main/electron/', () => {
    expect(of('src-main/vault/imports-electron.ts')).toEqual(['desktop-shell electron (node_modules/electron/index.js)']);
  });

  it('keeps src-shared pure and the renderer out of src-main', () => {
    expect(of('src-shared/imports-node-fs.ts')).toEqual(['node:shared node:fs']);
    expect(of('src-shared/imports-main.ts')).toEqual(['layer:shared ../src-main/kms/engine.js (src-main/kms/engine.ts)']);
    expect(of('src-renderer/imports-main.ts')).toEqual(['layer:renderer ../src-main/kms/engine.js (src-main/kms/engine.ts)']);
  });

  it('fails a package on no allow-list, a test-only package in production code, and an unresolvable one', () => {
    expect(of('src-main/kms/imports-unlisted-package.ts')).toEqual([expect.stringMatching(/^packages:kms @playwright\/test \(node_modules\/@playwright\/test\//)]);
    expect(of('src-main/kms/imports-test-package.ts')).toEqual([expect.stringMatching(/^packages:kms vitest \(node_modules\/vitest\//)]);
    expect(of('src-main/kms/imports-missing.ts')).toEqual(['unresolvable no-such-package-anywhere']);
    expect(of('src-renderer/imports-test-package.tsx')).toEqual([expect.stringMatching(/^packages:renderer @testing-library\/react \(node_modules\/@testing-library\/react\//)]);
  });

  it('fails a file outside every layer', () => {
    expect(of('src-main/stray.ts')).toEqual(['not-in-a-layer ../src-shared/contract.js (src-shared/contract.ts)']);
  });

  it('reports nothing else', () => {
    const files = new Set(violations.map((v) => v.from));
    expect([...files].sort()).toEqual([
      'src-main/api/imports-service-value.ts', 'src-main/crypto/imports-kms.ts', 'src-main/kms/imports-missing.ts', 'src-main/kms/imports-node-crypto.ts', 'src-main/kms/imports-test-kit.ts',
      'src-main/kms/imports-test-package.ts', 'src-main/kms/imports-unlisted-package.ts', 'src-main/kms/vault.test.ts',
      'src-main/stray.ts', 'src-main/vault/imports-electron.ts', 'src-main/vault/imports-kms.ts', 'src-main/vault/imports-noble.ts',
      'src-renderer/imports-main.ts', 'src-renderer/imports-test-package.tsx', 'src-shared/imports-main.ts', 'src-shared/imports-node-fs.ts',
    ]);
  });
});

describe('this repository', () => {
  it('has no violation in src-shared and src-renderer (src-main is checked by npm run lint:layers)', async () => {
    expect(await checkSources(ROOT, { trees: TREES.filter((t) => !t.roots.includes('src-main')) })).toEqual([]);
  }, 60_000);
});

describe('layers.config.mjs', () => {
  it('allows no folder-level cycle', () => {
    expect(() => assertAcyclic()).not.toThrow();
    const cyclic = { ...LAYERS, platform: { ...LAYERS.platform!, imports: ['shared', 'kms'] } }; // platform is a layer in the data
    expect(() => assertAcyclic(cyclic)).toThrow(/layer cycle .*platform -> kms -> platform|layer cycle .*kms -> platform -> kms/);
  });
});

describe('check-layers --built', () => {
  it('finds electron reachable from the built host through chunks', async () => {
    await put('out/main/host.js', "import { a } from './chunks/a.js';\n");
    await put('out/main/chunks/a.js', "export { b } from './b.js';\nexport const a = 1;\n");
    await put('out/main/chunks/b.js', "import { app } from 'electron';\nexport const b = app;\n");
    const v = checkBuiltHost(join(root, 'out/main/host.js'));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(/b\.js:1: .*'electron'/);
  });
});
