import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary, ROOT } from './paths.js';
import { mainFlow } from './steps.js';

const executablePath = findElectronBinary();

test('main flow in the desktop app', async () => {
  test.skip(
    executablePath === null,
    'Electron binary not installed (node_modules/electron/dist is missing; run `npx install-electron` with access to GitHub, or set ELECTRON_EXEC_PATH)',
  );
  const userData = await mkdtemp(join(tmpdir(), 'keyward-e2e-electron-'));
  const app = await electron.launch({
    ...(executablePath !== null ? { executablePath } : {}),
    // Chromium's OS sandbox cannot start as root on Linux (CI containers); the renderer sandbox flag stays on.
    args: [ROOT, ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, KEYWARD_USER_DATA: userData, ELECTRON_ENABLE_LOGGING: '1' },
    cwd: ROOT,
  });
  try {
    const page = await app.firstWindow();
    // Served over the app:// scheme (src-main/electron/app-protocol.ts), never file://.
    expect(page.url()).toMatch(/^app:\/\/keyward\/index\.html/);
    await page.setViewportSize({ width: 1440, height: 900 });
    await mainFlow(page, (title, body) => test.step(title, body));
  } finally {
    await app.close();
    await rm(userData, { recursive: true, force: true });
  }
});
