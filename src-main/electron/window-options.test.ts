import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, mainWindowOptions, sanitizeBounds } from './window-options.js';

describe('mainWindowOptions', () => {
  it('sets every security switch explicitly', () => {
    const o = mainWindowOptions('/app/out/preload/preload.cjs', { width: 1200, height: 800 });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(o.show).toBe(false);
    expect(o).not.toHaveProperty('icon');
  });
  it('uses the preload as CommonJS (sandboxed preloads cannot be ESM)', () => {
    expect(mainWindowOptions('/x/preload.cjs', DEFAULT_BOUNDS).webPreferences?.preload).toMatch(/\.cjs$/);
  });
  it('allows DevTools only when asked (the unpackaged app), never by default', () => {
    expect(mainWindowOptions('/x/preload.cjs', DEFAULT_BOUNDS).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/x/preload.cjs', DEFAULT_BOUNDS, { devTools: true }).webPreferences?.devTools).toBe(true);
    expect(mainWindowOptions('/x/preload.cjs', DEFAULT_BOUNDS, { iconPath: '/i.png' })).toMatchObject({ icon: '/i.png', webPreferences: { devTools: false } });
  });
});

describe('sanitizeBounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores bounds that are on a display', () => {
    expect(sanitizeBounds({ x: 100, y: 50, width: 1200, height: 800 }, screen)).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
  });
  it('keeps the size but drops the position when the display is gone', () => {
    expect(sanitizeBounds({ x: 2500, y: 50, width: 1200, height: 800 }, screen)).toEqual({ width: 1200, height: 800 });
  });
  it('falls back to the default for junk, wrong types and tiny or huge sizes', () => {
    for (const junk of [undefined, null, 'x', 42, {}, { x: 1, y: 1, width: '1200', height: 800 }, { x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 99999, height: 800 }, { x: 0.5, y: 0, width: 1200, height: 800 }]) {
      expect(sanitizeBounds(junk, screen)).toEqual(DEFAULT_BOUNDS);
    }
  });
});
