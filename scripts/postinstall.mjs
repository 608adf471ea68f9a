// Fetch the Electron binary when it is missing (Electron 42+ no longer does it at install
// time). The download comes from GitHub, which some networks block: then warn and carry on,
// since `npm start` falls back to browser mode. Never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary, ROOT } from './electron-binary.mjs';

function main() {
  if (process.env.CI === 'true' || process.env.CI === '1' || process.env.KEYWARD_SKIP_ELECTRON_DOWNLOAD === '1') {
    console.log('keyward postinstall: skipping the Electron binary download (CI or KEYWARD_SKIP_ELECTRON_DOWNLOAD=1).');
    return;
  }
  if (findElectronBinary() !== null) return;
  const installer = join(ROOT, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) {
    console.warn('keyward postinstall: the electron package is not installed; `npm start` will use browser mode.');
    return;
  }
  console.log('keyward postinstall: fetching the Electron binary (npx install-electron)...');
  const r = spawnSync(process.execPath, [installer], { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'], timeout: 180_000, encoding: 'utf8' });
  if (r.status === 0 && findElectronBinary() !== null) {
    console.log('keyward postinstall: Electron binary installed.');
    return;
  }
  const reason = r.error ? r.error.message : (r.stderr ?? '').trim().split('\n')[0] || `exit code ${r.status}`;
  console.warn(
    [
      '',
      'WARNING: the Electron desktop binary could not be fetched (it is downloaded from GitHub).',
      `  reason: ${reason}`,
      '  `npm start` will run Keyward in browser mode instead.',
      '  To get the desktop app later, run `npx install-electron` with access to github.com.',
      '',
    ].join('\n'),
  );
}

try {
  main();
} catch (e) {
  console.warn(`keyward postinstall: ${e instanceof Error ? e.message : String(e)} (ignored)`);
}
process.exitCode = 0;
