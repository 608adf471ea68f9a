import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';

/** A stand-in for Electron: records the options every BrowserWindow is made with. */
const fake = vi.hoisted(() => {
  const made: BrowserWindowConstructorOptions[] = [];
  const app = { isPackaged: false };
  type OpenHandler = (details: { url: string }) => { action: string };
  type NavListener = (event: { preventDefault(): void }, url: string) => void;
  const last: { openHandler?: OpenHandler; navigate?: NavListener } = {};
  const opened: string[] = [];
  const dialogAnswer = { response: 0, asked: 0 };
  class BrowserWindow {
    readonly webContents = {
      setWindowOpenHandler: (h: OpenHandler) => {
        last.openHandler = h;
      },
      on: (name: string, listener: NavListener) => {
        if (name === 'will-navigate') last.navigate = listener;
      },
    };
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
  const shell = { openExternal: async (url: string) => void opened.push(url) };
  const dialog = {
    showMessageBox: async () => {
      dialogAnswer.asked += 1;
      return { response: dialogAnswer.response };
    },
  };
  const electron = { app, BrowserWindow, dialog, screen: { getAllDisplays: () => [] }, shell };
  return { made, app, electron, last, opened, dialogAnswer };
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

const location = { kind: 'app', indexUrl: 'app://keyward/index.html' } as const;

beforeEach(() => {
  fake.made.length = 0;
  fake.opened.length = 0;
  fake.dialogAnswer.asked = 0;
});

/** Let the link opener's promise chain run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createMainWindow: links', () => {
  it('opens no window and hands nothing off the list to the system browser (finding: any https link opened)', async () => {
    createMainWindow({ preloadPath: '/app/preload.cjs', location });
    expect(fake.last.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    await settle();
    expect(fake.dialogAnswer.asked).toBe(0);
    expect(fake.opened).toEqual([]);
  });

  it('opens an allow-listed page in the browser only when the user confirms', async () => {
    createMainWindow({ preloadPath: '/app/preload.cjs', location });
    fake.dialogAnswer.response = 1; // Cancel
    expect(fake.last.openHandler?.({ url: 'https://docs.aws.amazon.com/kms/' })).toEqual({ action: 'deny' });
    await settle();
    expect(fake.opened).toEqual([]);
    fake.dialogAnswer.response = 0; // Open in browser
    fake.last.openHandler?.({ url: 'https://docs.aws.amazon.com/kms/' });
    await settle();
    expect(fake.dialogAnswer.asked).toBe(2);
    expect(fake.opened).toEqual(['https://docs.aws.amazon.com/kms/']);
  });

  it('keeps the window on the app: navigation elsewhere is prevented', async () => {
    createMainWindow({ preloadPath: '/app/preload.cjs', location });
    let prevented = 0;
    const event = { preventDefault: () => void (prevented += 1) };
    fake.last.navigate?.(event, 'app://keyward/index.html#/keys');
    fake.last.navigate?.(event, 'file:///etc/passwd');
    fake.last.navigate?.(event, 'https://evil.example/');
    await settle();
    expect(prevented).toBe(2);
    expect(fake.opened).toEqual([]);
  });
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
