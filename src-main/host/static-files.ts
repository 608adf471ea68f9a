/**
 * Static files for the headless host: the built renderer only. Paths are decoded once,
 * normalised, resolved under the root and checked again after following symlinks, so
 * `..`, encoded `%2e%2e`, backslashes and NULs never leave the folder.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export type StaticLookup =
  | { kind: 'file'; path: string; size: number; contentType: string; isIndex: boolean }
  | { kind: 'bad-request' }
  | { kind: 'not-found' };

/**
 * Map a URL pathname to a file under `root` (an absolute, real path). "/" and any path
 * without an extension (client-side routes) give index.html.
 */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return { kind: 'bad-request' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'bad-request' };
  const wantsIndex = decoded === '/' || extname(decoded) === '';
  const relative = wantsIndex ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
  const candidate = join(root, relative);
  if (!candidate.startsWith(root + sep)) return { kind: 'bad-request' };
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(root + sep)) return { kind: 'not-found' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'not-found' };
    const contentType = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    return { kind: 'file', path: real, size: info.size, contentType, isIndex: wantsIndex || relative === 'index.html' };
  } catch {
    return { kind: 'not-found' };
  }
}

