// Where the Electron binary is, without ever triggering its download (require('electron')
// would try to fetch it). Shared by postinstall, start and the e2e electron project.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {string | null} absolute path of the Electron executable, or null when absent */
export function findElectronBinary(root = ROOT) {
  const fromEnv = process.env.ELECTRON_EXEC_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const exe = join(pkg, 'dist', rel);
    return rel !== '' && existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}
