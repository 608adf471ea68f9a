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

/** The Electron binary, found without triggering its download; null when absent. */
export { findElectronBinary } from '../scripts/electron-binary.mjs';
