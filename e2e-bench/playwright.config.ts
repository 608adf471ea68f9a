import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/paths.js';

/**
 * The browser benches (`npm run bench`, never `npm test`): the headless host with a seeded
 * vault, in Debian's Chromium. One worker, no retries: a bench measures, it does not pass or fail.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts$/,
  outputDir: '../test-results/bench',
  workers: 1,
  retries: 0,
  timeout: 20 * 60_000,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    actionTimeout: 120_000,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
});
