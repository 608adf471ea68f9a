/**
 * The main window: sandboxed, context-isolated, no Node in the renderer, a strict CSP
 * (response header here and on every app:// answer, meta tag in index.html), loaded from
 * app:// (app-protocol.ts), no popups, no navigation away from the app, links to the
 * allow-listed documentation sites only after the user confirms (links.ts), every
 * permission denied, DevTools only when not packaged. Bounds persist in electron-store
 * (settings only, never secrets).
 */
import { app, BrowserWindow, dialog, screen, shell, type App, type Session } from 'electron';
import Store from 'electron-store';
import { APP_SCHEME, createAppProtocolHandler } from './app-protocol.js';
import { createLinkOpener } from './links.js';
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

/** Serve the built renderer at app://keyward/ in this session (after the app is ready). */
export function registerAppProtocol(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}

/** Links leave only through here: allow-listed https origins, after a confirmation dialog. */
function linkOpenerFor(win: BrowserWindow): (url: string) => Promise<unknown> {
  return createLinkOpener({
    confirm: async (url, origin) => {
      const { response } = await dialog.showMessageBox(win, {
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        title: 'Open a link',
        message: `Open this ${new URL(origin).host} page in your web browser?`,
        detail: url,
        noLink: true,
      });
      return response === 0;
    },
    openExternal: (url) => shell.openExternal(url),
    onDenied: (reason) => console.warn(`Keyward: a link was not opened: ${reason}`),
  });
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
  const openLink = linkOpenerFor(win);
  contents.setWindowOpenHandler(({ url }) => {
    // Never an in-app window; an allow-listed documentation page may open in the browser.
    void openLink(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, location)) return;
    event.preventDefault();
    void openLink(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, location)) event.preventDefault();
  });
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
