/**
 * The `app://` scheme the desktop window loads the built renderer from, instead of
 * `file://` (Electron security checklist, item 18 "Avoid usage of the file:// protocol and
 * prefer usage of custom protocols": a file:// page may read any file the user can;
 * https://www.electronjs.org/docs/latest/tutorial/security). This file is the pure part:
 * the scheme's privileges and the mapping from a request URL to a file under the renderer
 * folder, refusing anything that would leave it (the path-traversal check the protocol.handle
 * documentation asks for, https://www.electronjs.org/docs/latest/api/protocol). No `electron`
 * import, so plain Node tests run it; window.ts registers the handler.
 */
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp.js';

/** The scheme and host: the app's origin is `app://keyward`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'keyward';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before the app is ready: a standard scheme (real
 * origin, relative URLs resolve), a secure context, fetch allowed. Not bypassCSP, not
 * corsEnabled, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** Content types of the files the renderer build emits. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Where a request goes: a file under the root, or a refusal with its HTTP status. */
export type AppResolution = { kind: 'file'; path: string; contentType: string } | { kind: 'refused'; status: 400 | 404 };

/**
 * Map `requestUrl` to a file under `root` (absolute). Only `app://keyward/…`; the path is
 * percent-decoded once and refused if it holds NUL, a backslash, an encoded slash, or a `.`
 * or `..` segment, or resolves outside `root`. "/" gives index.html; unknown extensions 404.
 */
export function resolveAppRequest(root: string, requestUrl: string): AppResolution {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username !== '' || u.password !== '') return { kind: 'refused', status: 400 };
  const raw = u.pathname;
  if (/%2f|%5c/i.test(raw)) return { kind: 'refused', status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return { kind: 'refused', status: 400 };
  if (decoded.split('/').some((s) => s === '.' || s === '..')) return { kind: 'refused', status: 400 };
  const rel = decoded === '/' ? 'index.html' : normalize(decoded.slice(1));
  const path = join(root, rel);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !path.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return { kind: 'refused', status: 400 };
  }
  const contentType = TYPES[extname(path).toLowerCase()];
  if (contentType === undefined) return { kind: 'refused', status: 404 };
  return { kind: 'file', path, contentType };
}

/** Headers on every app:// answer: the CSP (kept, as over file:// and in browser mode), no sniffing. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

/** The parts of a protocol request the handler reads. */
export interface AppRequest {
  url: string;
  method: string;
}

/**
 * The protocol.handle handler for app://: GET and HEAD of files under `root` (the built
 * renderer), with the CSP header; 400 for a refused path, 404 for a missing file or one that
 * a symbolic link takes outside `root`, 405 for other methods.
 */
export function createAppProtocolHandler(root: string): (request: AppRequest) => Promise<Response> {
  const realRoot = realpath(root).catch(() => root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    const found = resolveAppRequest(root, request.url);
    if (found.kind === 'refused') return new Response(null, { status: found.status });
    try {
      const base = await realRoot;
      const real = await realpath(found.path);
      if (!real.startsWith(base.endsWith(sep) ? base : base + sep)) return new Response(null, { status: 404 });
      const bytes = await readFile(real);
      return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers: appResponseHeaders(found.contentType) });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}
