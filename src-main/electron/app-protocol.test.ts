/**
 * Finding: "the app loads from file://". The window now loads app://keyward/index.html,
 * served by this handler from the built renderer folder only.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveAppRequest } from './app-protocol.js';

const ROOT = '/opt/Keyward/resources/app.asar/out/renderer';

describe('resolveAppRequest', () => {
  it('maps app://keyward/ paths to files under the renderer folder', () => {
    expect(resolveAppRequest(ROOT, APP_INDEX_URL)).toEqual({ kind: 'file', path: `${ROOT}/index.html`, contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest(ROOT, 'app://keyward/')).toMatchObject({ kind: 'file', path: `${ROOT}/index.html` });
    expect(resolveAppRequest(ROOT, 'app://keyward/assets/index-abc.js?v=1#x')).toMatchObject({ kind: 'file', path: `${ROOT}/assets/index-abc.js`, contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppRequest(ROOT, 'app://keyward/favicon.svg')).toMatchObject({ kind: 'file', contentType: 'image/svg+xml' });
  });

  it.each([
    ['an encoded slash', 'app://keyward/assets%2f..%2f..%2fsecret.js'],
    ['an encoded backslash', 'app://keyward/..%5c..%5csecret.js'],
    ['a NUL', 'app://keyward/index.html%00.js'],
    ['a bad escape', 'app://keyward/%E0%A4%A.js'],
    ['another host', 'app://other/index.html'],
    ['credentials', 'app://u:p@keyward/index.html'],
    ['file://', 'file:///etc/passwd'],
    ['junk', 'not a url'],
  ])('refuses %s (400)', (_label, url) => {
    expect(resolveAppRequest(ROOT, url)).toEqual({ kind: 'refused', status: 400 });
  });

  it('keeps ../ and %2e%2e/ inside the folder (the URL parser folds them first) and 404s unknown types', () => {
    for (const url of ['app://keyward/../../../etc/passwd.js', 'app://keyward/%2e%2e/%2e%2e/secret.js', 'app://keyward/assets/.%2e/.%2e/x.js']) {
      const r = resolveAppRequest(ROOT, url);
      expect(r.kind === 'file' ? r.path.startsWith(`${ROOT}/`) : r.status).toBe(true);
    }
    expect(resolveAppRequest(ROOT, 'app://keyward/vault.kwv')).toEqual({ kind: 'refused', status: 404 });
  });

  it('registers a standard, secure scheme, without bypassing the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyward-app-protocol-'));
    root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Keyward</title>');
    await writeFile(join(dir, 'secret.js'), 'secret');
    await symlink(join(dir, 'secret.js'), join(root, 'assets', 'escape.js'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html with the CSP and nosniff headers', async () => {
    const res = await createAppProtocolHandler(root)({ url: APP_INDEX_URL, method: 'GET' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Keyward</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses traversal, a symlink out of the folder, missing files and other methods', async () => {
    const handle = createAppProtocolHandler(root);
    expect((await handle({ url: 'app://keyward/%2e%2e/secret.js', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://keyward/assets%2f..%2f..%2fsecret.js', method: 'GET' })).status).toBe(400);
    const viaLink = await handle({ url: 'app://keyward/assets/escape.js', method: 'GET' });
    expect(viaLink.status).toBe(404);
    expect(await viaLink.text()).toBe('');
    expect((await handle({ url: 'app://keyward/assets/missing.js', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: APP_INDEX_URL, method: 'POST' })).status).toBe(405);
  });
});
