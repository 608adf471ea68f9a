import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyFor, isAppUrl, isTrustedSender, type AppLocation } from './security.js';

const fileApp: AppLocation = { kind: 'file', indexUrl: 'file:///opt/Keyward/resources/app/out/renderer/index.html' };
const devApp: AppLocation = { kind: 'dev', origin: 'http://localhost:5173' };

describe('isAppUrl', () => {
  it('accepts the exact index.html, with any hash or query', () => {
    expect(isAppUrl(fileApp.kind === 'file' ? fileApp.indexUrl : '', fileApp)).toBe(true);
    expect(isAppUrl('file:///opt/Keyward/resources/app/out/renderer/index.html#/keys', fileApp)).toBe(true);
    expect(isAppUrl('file:///opt/Keyward/resources/app/out/renderer/index.html?x=1', fileApp)).toBe(true);
  });
  it('refuses other files, other schemes and junk', () => {
    expect(isAppUrl('file:///opt/Keyward/resources/app/out/renderer/other.html', fileApp)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', fileApp)).toBe(false);
    expect(isAppUrl('file:///opt/Keyward/resources/app/out/renderer/../../index.html', fileApp)).toBe(false);
    expect(isAppUrl('https://example.com/', fileApp)).toBe(false);
    expect(isAppUrl('not a url', fileApp)).toBe(false);
    expect(isAppUrl('about:blank', fileApp)).toBe(false);
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
  const url = 'file:///opt/Keyward/resources/app/out/renderer/index.html#/';
  it('trusts the main frame of our window showing the app', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url, isMainFrame: true } }, ours, fileApp)).toBe(true);
  });
  it('refuses another webContents', () => {
    expect(isTrustedSender({ webContentsId: 8, frame: { url, isMainFrame: true } }, ours, fileApp)).toBe(false);
  });
  it('refuses a sub-frame, even showing the app', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url, isMainFrame: false } }, ours, fileApp)).toBe(false);
  });
  it('refuses a disposed frame', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: null }, ours, fileApp)).toBe(false);
  });
  it('refuses our main frame after it navigated elsewhere', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'https://evil.example/', isMainFrame: true } }, ours, fileApp)).toBe(false);
  });
});

describe('contentSecurityPolicyFor', () => {
  it('is strict for the built app', () => {
    const csp = contentSecurityPolicyFor(fileApp);
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
