import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { checkBuiltHost, checkSources } from './check-layers.mjs';

let root: string;

async function put(rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), text);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keyward-layers-'));
  await put('src-shared/ok.ts', "import { z } from 'zod';\nexport const s = 'window.document';\n// window is fine in a comment\nexport const o = { window: 1 };\n");
  await put('src-shared/bad.ts', "import { readFile } from 'node:fs';\nimport x from '../src-main/thing.js';\nimport React from 'react';\nexport const w = window.innerWidth;\n");
  await put('src-renderer/ok.tsx', "import { Button } from '@mantine/core';\nimport { CHANNELS } from '../src-shared/contract.js';\n");
  await put('src-renderer/bad.ts', "import { ipcRenderer } from 'electron';\nimport type { KeywardService } from '../src-main/service/types.js';\nimport path from 'path';\nconst b = Buffer.from('x');\n");
  await put('src-main/electron/ok.ts', "import { app } from 'electron';\nimport Store from 'electron-store';\n");
  await put('src-main/vault/bad.ts', "import { safeStorage } from 'electron';\nconst m = await import('electron-store');\nimport { App } from '../../src-renderer/app.js';\n");
  await put('out/main/host.js', "import { a } from './chunks/a.js';\n");
  await put('out/main/chunks/a.js', "export { b } from './b.js';\nexport const a = 1;\n");
  await put('out/main/chunks/b.js', "import { app } from 'electron';\nexport const b = app;\n");
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('check-layers', () => {
  it('reports each forbidden import and global, and nothing allowed', () => {
    const v: string[] = checkSources(root);
    const files = (name: string) => v.filter((x) => x.startsWith(name)).length;
    expect(files('src-shared/ok.ts') + files('src-renderer/ok.tsx') + files('src-main/electron/ok.ts')).toBe(0);
    expect(files('src-shared/bad.ts')).toBe(4);
    expect(files('src-renderer/bad.ts')).toBe(4);
    expect(files('src-main/vault/bad.ts')).toBe(3);
  });
  it('finds electron reachable from the built host through chunks', () => {
    const v: string[] = checkBuiltHost(join(root, 'out/main/host.js'));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(/b\.js:1: .*'electron'/);
  });
});
