/**
 * Desktop bootstrap: one instance per user-data folder, a hardened session and window,
 * the service behind IPC, and an orderly close (lock the vault, flush the audit log) on quit.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { createKmsEndpoint } from '../api/controller.js';
import { createKeywardService } from '../service/service.js';
import type { KeywardService } from '../service/types.js';
import { systemClock } from '../platform/clock.js';
import { registerIpc } from './ipc.js';
import { createSafeStorageKeychain } from './safe-storage-keychain.js';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES } from './app-protocol.js';
import type { AppLocation } from './security.js';
import { createMainWindow, hardenAllWebContents, hardenSession, registerAppProtocol } from './window.js';

// userData is fixed before anything reads it (the single-instance lock lives there too).
// KEYWARD_USER_DATA lets e2e tests and side-by-side profiles use their own folder.
app.setPath('userData', process.env.KEYWARD_USER_DATA ?? join(app.getPath('appData'), 'Keyward'));
app.enableSandbox();
// The renderer is served over app:// (app-protocol.ts), never file://; schemes get their
// privileges before the app is ready (Electron's protocol.registerSchemesAsPrivileged).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const here = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = join(here, '../preload/preload.cjs');
/** electron-vite dev sets ELECTRON_RENDERER_URL; a packaged app never loads a dev server. */
function devServerOrigin(): string | null {
  const url = process.env.ELECTRON_RENDERER_URL;
  if (app.isPackaged || !url) return null;
  try {
    const origin = new URL(url).origin;
    return /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin) ? origin : null;
  } catch {
    return null;
  }
}
const devOrigin = devServerOrigin();
const location: AppLocation =
  devOrigin !== null
    ? { kind: 'dev', origin: devOrigin }
    : { kind: 'app', indexUrl: APP_INDEX_URL };

let mainWindow: BrowserWindow | null = null;
const ourWebContents = new Set<number>();

function openWindow(): BrowserWindow {
  const win = createMainWindow({ preloadPath, location });
  const id = win.webContents.id;
  ourWebContents.add(id);
  win.on('closed', () => {
    ourWebContents.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  return win;
}

function focusMainWindow(): void {
  if (mainWindow === null) {
    if (app.isReady()) openWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  hardenAllWebContents(app, location);
  await app.whenReady();
  hardenSession(session.defaultSession, location);
  registerAppProtocol(session.defaultSession, join(here, '../renderer'));

  const userData = app.getPath('userData');
  let service: KeywardService;
  try {
    service = await createKeywardService({
      vaultPath: join(userData, 'vault.kwv'),
      auditDir: join(userData, 'audit'),
      clock: systemClock,
      keychain: createSafeStorageKeychain(),
      endpoint: createKmsEndpoint,
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    dialog.showErrorBox('Keyward could not start', reason);
    app.exit(1);
    return;
  }

  const unregister = registerIpc({
    ipcMain,
    service,
    location,
    trustedWebContentsIds: () => ourWebContents,
    userAgent: `Keyward/${app.getVersion()} Electron/${process.versions.electron ?? 'unknown'}`,
  });

  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit waits for the service to lock the vault and flush the audit log, once.
  let closing = false;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    service
      .close()
      .catch((e: unknown) => console.error('Keyward: closing the service failed:', e instanceof Error ? e.message : e))
      .finally(() => {
        closed = true;
        unregister();
        app.quit();
      });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  start().catch((e: unknown) => {
    console.error('Keyward failed to start:', e);
    app.exit(1);
  });
}
