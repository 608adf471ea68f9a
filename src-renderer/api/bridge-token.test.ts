// @vitest-environment happy-dom
/**
 * The page's first module takes the token out of the URL and its history entry at load,
 * before any other module runs, and hands it out once.
 */
import { describe, expect, it, vi } from 'vitest';

describe('bridge-token at load', () => {
  it('removes #token= from the address bar and the history entry before anything else, and hands the token out once', async () => {
    window.history.replaceState(null, '', '/index.html?x=1#token=abc%2Bdef');
    window.sessionStorage.setItem('keyward.bridgeToken', 'old');
    const replace = vi.spyOn(window.history, 'replaceState');
    vi.resetModules();
    const mod = await import('./bridge-token');
    expect(replace).toHaveBeenCalledTimes(1);
    expect(window.location.href).not.toContain('token');
    expect(window.location.pathname + window.location.search).toBe('/index.html?x=1');
    expect(window.sessionStorage.getItem(mod.TOKEN_STORAGE_KEY)).toBeNull();
    expect(mod.takeCapturedToken()).toBe('abc+def');
    expect(mod.takeCapturedToken()).toBeNull();
    replace.mockRestore();
  });

  it('leaves a URL without a token alone (a reload: the session cookie carries on)', async () => {
    window.history.replaceState(null, '', '/#/keys');
    const replace = vi.spyOn(window.history, 'replaceState');
    vi.resetModules();
    const mod = await import('./bridge-token');
    expect(replace).not.toHaveBeenCalled();
    expect(window.location.hash).toBe('#/keys');
    expect(mod.takeCapturedToken()).toBeNull();
    replace.mockRestore();
  });

  it('ignores a fragment that is not percent-encoded properly', async () => {
    const { takeBridgeToken } = await import('./bridge-token');
    expect(takeBridgeToken({ hash: '#token=%E0%A4%A', storage: { removeItem: () => {} }, clearHash: () => {} })).toBeNull();
  });
});
