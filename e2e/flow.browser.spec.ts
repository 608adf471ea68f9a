import { expect, test as base } from '@playwright/test';
import { startHost, type RunningHost } from './host.js';
import { mainFlow } from './steps.js';

const test = base.extend<{ host: RunningHost }>({
  // A fresh host and vault for every test.
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
});

test('main flow in browser mode: vault, key, encrypt/decrypt, disable, audit, lock/unlock', async ({ page, host }) => {
  await page.goto(host.url);
  // The renderer moves the token out of the address bar.
  await expect(page).not.toHaveURL(/token=/);
  await mainFlow(page, (title, body) => test.step(title, body));
});

test('the bridge refuses a page without the token', async ({ page, host }) => {
  await page.goto(host.origin + '/');
  await expect(page.getByRole('alert').filter({ hasText: 'AccessDeniedException' }).first()).toBeVisible();
});
