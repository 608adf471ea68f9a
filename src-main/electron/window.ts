/**
 * The main window: sandboxed, context-isolated, no Node in the renderer, a strict CSP
 * (response header here, meta tag in index.html), no popups, no navigation away from the
 * app, every permission denied. Bounds persist in electron-store (settings only, never
 * secrets).
 */
import { app, BrowserWindow, screen, shell, type App, type Session } from 'electron';
import Store from 'electron-store';
import { contentSecurityPolicyFor, isAppUrl, type AppLocation } from './security.js';
import { mainWindowOptions, sanitizeBounds } from './window-options.js';

interface WindowState {
  windowBounds?: { x: number; y: number; width: number; height: number };
  maximized?: boolean;
}

let store: Store<WindowState> | null = null;
function windowStore(): Store<WindowState> {
  // Created lazily: electron-store needs app.getPath('userData'), which main.ts sets first.
  store ??= new Store<WindowState>({ name: 'window-state', clearInvalidConfig: true });
  return store;
}

/** Session-wide hardening; call once, before the first window loads. */
export function hardenSession(ses: Session, location: AppLocation): void {
  const csp = contentSecurityPolicyFor(location);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

export function createMainWindow(options: { preloadPath: string; location: AppLocation; iconPath?: string }): BrowserWindow {
  const { preloadPath, location, iconPath } = options;
  const state = windowStore();
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = sanitizeBounds(state.get('windowBounds'), workAreas);
  // DevTools only in development: a packaged app offers no console into the renderer.
  const win = new BrowserWindow(mainWindowOptions(preloadPath, bounds, { ...(iconPath === undefined ? {} : { iconPath }), devTools: !app.isPackaged }));
  if (state.get('maximized') === true) win.maximize();

  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the AWS documentation etc. open in the user's browser, never in-app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const refuseForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, location)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });

  const save = (): void => {
    if (win.isDestroyed()) return;
    state.set('maximized', win.isMaximized());
    if (!win.isMaximized() && !win.isMinimized()) state.set('windowBounds', win.getBounds());
  };
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
  win.once('ready-to-show', () => win.show());

  if (location.kind === 'dev') void win.loadURL(location.origin);
  else void win.loadURL(location.indexUrl);
  return win;
}

/** Defence in depth for any webContents (devtools, future windows): no popups, no navigation. */
export function hardenAllWebContents(app: App, location: AppLocation): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, location)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
