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

test('the token becomes an HttpOnly, SameSite=Strict session cookie; the page keeps it nowhere, and a reload still works', async ({ page, context, host }) => {
  await page.goto(host.url);
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('heading', { name: 'Create vault' })).toBeVisible();
  const cookies = await context.cookies(host.origin);
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', expires: -1 });
  expect(cookies[0]!.value).not.toBe(host.token);
  const kept = await page.evaluate(() => ({ cookie: document.cookie, session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage), href: location.href }));
  for (const place of Object.values(kept)) expect(place).not.toContain(host.token);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Create vault' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'AccessDeniedException' })).toHaveCount(0);
});

test('the token works once: the URL from the history, reopened after the browser closed, opens nothing', async ({ page, browser, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Create vault' })).toBeVisible();
  // A fresh context is a browser started again: no session cookie, only the URL from history.
  const later = await browser.newContext();
  try {
    const again = await later.newPage();
    await again.goto(host.url);
    await expect(again).not.toHaveURL(/token=/);
    await expect(again.getByRole('alert').filter({ hasText: 'already used' }).first()).toBeVisible();
    expect(await later.cookies(host.origin)).toHaveLength(0);
  } finally {
    await later.close();
  }
});

test('the bridge refuses a page without the token', async ({ page, host }) => {
  await page.goto(host.origin + '/');
  await expect(page.getByRole('alert').filter({ hasText: 'AccessDeniedException' }).first()).toBeVisible();
});
