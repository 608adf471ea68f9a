/**
 * Pure security policy for the desktop window: the content security policy, which URLs
 * count as the app, and which IPC senders are trusted. No `electron` import, so it runs
 * in plain Node tests (ipc.ts and window.ts adapt Electron's objects to these shapes).
 */
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp.js';
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

export { CONTENT_SECURITY_POLICY };

/**
 * Where the renderer is loaded from. Production: the built renderer over the app:// scheme
 * (app-protocol.ts; `indexUrl` is app://keyward/index.html), never file://. Development:
 * electron-vite's dev server origin.
 */
export type AppLocation = { kind: 'app'; indexUrl: string } | { kind: 'dev'; origin: string };

/** The dev server's CSP must allow Vite's inline React-refresh preamble and its HMR socket. */
export function contentSecurityPolicyFor(location: AppLocation): string {
  if (location.kind === 'app') return CONTENT_SECURITY_POLICY;
  const ws = location.origin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws}`,
  );
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Is `url` the app itself? For app:// only the exact index.html (any hash or query, since
 * the renderer routes by hash); for the dev server any path on its exact origin. file://
 * never is.
 */
export function isAppUrl(url: string, location: AppLocation): boolean {
  const u = parseUrl(url);
  if (u === null) return false;
  if (location.kind === 'dev') {
    const dev = parseUrl(location.origin);
    return dev !== null && u.origin === dev.origin && u.username === '' && u.password === '';
  }
  const index = parseUrl(location.indexUrl);
  if (index === null || index.protocol !== `${APP_SCHEME}:` || index.host !== APP_HOST) return false;
  return u.protocol === index.protocol && u.host === index.host && u.username === '' && u.password === '' && u.pathname === index.pathname;
}

/** What ipc.ts extracts from an IpcMainInvokeEvent. */
export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** The sending frame; null when it navigated away or was destroyed before the call. */
  frame: { url: string; isMainFrame: boolean } | null;
}

/**
 * Only the main frame of our own window, showing our own app, may call the service
 * (compare VS Code's validatedIpcMain). Sub-frames, other windows and pages that
 * navigated elsewhere are refused.
 */
export function isTrustedSender(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>, location: AppLocation): boolean {
  if (!trustedWebContentsIds.has(sender.webContentsId)) return false;
  if (sender.frame === null || !sender.frame.isMainFrame) return false;
  return isAppUrl(sender.frame.url, location);
}
