import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Every e2e run saves screenshots of the main views: to test-results/screenshots (not
 * tracked), or with KEYWARD_SCREENSHOTS=1 (`npm run screenshots`) to the README's assets.
 */
export const SCREENSHOT_DIR = process.env.KEYWARD_SCREENSHOTS === '1'
  ? join(ROOT, 'assets', 'screenshots')
  : join(ROOT, 'test-results', 'screenshots');
/** Debian's Chromium (apt-get install chromium); the /usr/bin wrapper prints a shell warning. */
export const CHROMIUM = process.env.KEYWARD_CHROMIUM ?? '/usr/lib/chromium/chromium';
/** Without the background-networking flags Chromium floods a closed network with connections. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The Electron binary, found without triggering its download (requiring 'electron' would):
 * ELECTRON_EXEC_PATH, else node_modules/electron/path.txt + dist/. Null when absent.
 */
export function findElectronBinary(): string | null {
  const fromEnv = process.env.ELECTRON_EXEC_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const pkg = join(ROOT, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const exe = join(pkg, 'dist', rel);
    return rel !== '' && existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}
