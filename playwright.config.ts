import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './e2e/paths.js';

/**
 * Two projects, the same flow (e2e/steps.ts):
 * - browser: the headless host (out/main/host.js, built by `npm run build`) in Debian's
 *   Chromium. Always runs.
 * - electron: the desktop app, where the Electron binary is installed; else skipped with
 *   the reason.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: process.env.CI === 'true',
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testMatch: /.*\.browser\.spec\.ts$/,
      use: { launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } },
    },
    {
      name: 'electron',
      testMatch: /.*\.electron\.spec\.ts$/,
    },
  ],
});
