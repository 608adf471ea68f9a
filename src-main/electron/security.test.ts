import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyFor, isAppUrl, isTrustedSender, type AppLocation } from './security.js';

const builtApp: AppLocation = { kind: 'app', indexUrl: 'app://keyward/index.html' };
const devApp: AppLocation = { kind: 'dev', origin: 'http://localhost:5173' };

describe('isAppUrl', () => {
  it('accepts the exact app://keyward/index.html, with any hash or query', () => {
    expect(isAppUrl('app://keyward/index.html', builtApp)).toBe(true);
    expect(isAppUrl('app://keyward/index.html#/keys', builtApp)).toBe(true);
    expect(isAppUrl('app://keyward/index.html?x=1', builtApp)).toBe(true);
  });
  it('refuses file:// (even the built index.html), other pages, hosts and schemes, and junk', () => {
    expect(isAppUrl('file:///opt/Keyward/resources/app/out/renderer/index.html', builtApp)).toBe(false);
    expect(isAppUrl('app://keyward/other.html', builtApp)).toBe(false);
    expect(isAppUrl('app://other/index.html', builtApp)).toBe(false);
    expect(isAppUrl('app://user:pw@keyward/index.html', builtApp)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', builtApp)).toBe(false);
    expect(isAppUrl('https://example.com/', builtApp)).toBe(false);
    expect(isAppUrl('not a url', builtApp)).toBe(false);
    expect(isAppUrl('about:blank', builtApp)).toBe(false);
  });
  it('accepts any path on the dev origin only', () => {
    expect(isAppUrl('http://localhost:5173/', devApp)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', devApp)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', devApp)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', devApp)).toBe(false);
    expect(isAppUrl('http://user:pw@localhost:5173/', devApp)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', devApp)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const ours = new Set([7]);
  const url = 'app://keyward/index.html#/';
  it('trusts the main frame of our window showing the app', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url, isMainFrame: true } }, ours, builtApp)).toBe(true);
  });
  it('refuses another webContents', () => {
    expect(isTrustedSender({ webContentsId: 8, frame: { url, isMainFrame: true } }, ours, builtApp)).toBe(false);
  });
  it('refuses a sub-frame, even showing the app', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url, isMainFrame: false } }, ours, builtApp)).toBe(false);
  });
  it('refuses a disposed frame', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: null }, ours, builtApp)).toBe(false);
  });
  it('refuses our main frame after it navigated elsewhere', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'https://evil.example/', isMainFrame: true } }, ours, builtApp)).toBe(false);
  });
});

describe('contentSecurityPolicyFor', () => {
  it('is strict for the built app', () => {
    const csp = contentSecurityPolicyFor(builtApp);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
  it('lets the dev server run its inline preamble and HMR socket', () => {
    const csp = contentSecurityPolicyFor(devApp);
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' ws://localhost:5173");
  });
});
