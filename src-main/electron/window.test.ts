import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';

/** A stand-in for Electron: records the options every BrowserWindow is made with. */
const fake = vi.hoisted(() => {
  const made: BrowserWindowConstructorOptions[] = [];
  const app = { isPackaged: false };
  class BrowserWindow {
    readonly webContents = { setWindowOpenHandler: () => {}, on: () => {} };
    constructor(options: BrowserWindowConstructorOptions) {
      made.push(options);
    }
    maximize(): void {}
    on(): void {}
    once(): void {}
    isDestroyed(): boolean {
      return false;
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  const electron = { app, BrowserWindow, screen: { getAllDisplays: () => [] }, shell: { openExternal: async () => {} } };
  return { made, app, electron };
});

vi.mock('electron', () => ({ default: fake.electron, ...fake.electron }));
vi.mock('electron-store', () => ({
  default: class {
    get(): undefined {
      return undefined;
    }
    set(): void {}
  },
}));

const { createMainWindow } = await import('./window.js');

const location = { kind: 'file', indexUrl: 'file:///opt/Keyward/resources/app/out/renderer/index.html' } as const;

beforeEach(() => {
  fake.made.length = 0;
});

describe('createMainWindow: DevTools only when the app is not packaged', () => {
  it('turns DevTools off in a packaged app', () => {
    fake.app.isPackaged = true;
    createMainWindow({ preloadPath: '/app/preload.cjs', location });
    expect(fake.made[0]?.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true });
  });

  it('leaves DevTools on while developing (not packaged)', () => {
    fake.app.isPackaged = false;
    createMainWindow({ preloadPath: '/app/preload.cjs', location });
    expect(fake.made[0]?.webPreferences).toMatchObject({ devTools: true, sandbox: true });
  });
});
