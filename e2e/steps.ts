/**
 * The main user flow, one step per function, each taking a Page, so the browser project
 * (headless host) and the electron project run the very same steps. Selectors are the
 * accessible roles and labels the UI shows; see the report in README "Tests".
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SCREENSHOT_DIR } from './paths.js';

export const PASSPHRASE = 'correct horse battery staple';
export const ALIAS = 'alias/e2e/payroll';
export const PLAINTEXT = 'Quarterly payroll: 42 rows, total 1,234,567.89';
export const CONTEXT = { key: 'department', value: 'finance' };

/** Vault creation and unlock run scrypt (N=2^17) in the main process: allow for a slow CI box. */
const KDF_TIMEOUT = 30_000;

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // The picture should show the page itself, not notifications or a hover state.
  await dismissNotifications(page);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
}

function nav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

export async function goTo(page: Page, item: 'Keys' | 'Operations' | 'Rotation schedule' | 'Costs' | 'Audit log' | 'Settings'): Promise<void> {
  await nav(page).getByRole('link', { name: item, exact: true }).click();
  await expect(page.getByRole('heading', { name: item, exact: true, level: 2 }).first()).toBeVisible();
}

/** A notification (Mantine renders role="alert") whose text matches. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.getByRole('alert').filter({ hasText: text });
}

export async function createVault(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create vault' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', exact: true })).toBeVisible({ timeout: KDF_TIMEOUT });
}

export async function createKey(page: Page, alias = ALIAS, description = 'Payroll export files', rotationDays?: number): Promise<void> {
  await goTo(page, 'Keys');
  await page.getByRole('button', { name: 'Create key', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create key' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Description').fill(description);
  await dialog.getByLabel('Alias').fill(alias.replace(/^alias\//, ''));
  if (rotationDays !== undefined) await dialog.getByLabel('Rotation period (days)').fill(String(rotationDays));
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  // Creating a key opens its detail page.
  await expect(page.getByRole('heading', { name: alias, exact: true })).toBeVisible();
  await expect(page.getByText('Enabled', { exact: true }).first()).toBeVisible();
}

export async function chooseKey(page: Page, panel: Locator, alias: string): Promise<void> {
  const input = panel.getByRole('combobox', { name: 'Key', exact: true });
  await input.click();
  await input.fill(alias);
  await page.getByRole('option', { name: new RegExp(`^${alias.replace(/[/.]/g, '\\$&')}`) }).first().click();
}

async function fillContext(panel: Locator, context = CONTEXT): Promise<void> {
  await panel.getByLabel('Context key 1').fill(context.key);
  await panel.getByLabel('Context value 1').fill(context.value);
}

/** Encrypt on the Operations page; returns the base64 ciphertext shown. */
export async function encrypt(page: Page, alias = ALIAS, plaintext = PLAINTEXT): Promise<string> {
  await goTo(page, 'Operations');
  await page.getByRole('tab', { name: 'Encrypt' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Encrypt' });
  await chooseKey(page, panel, alias);
  await panel.getByLabel('Plaintext').fill(plaintext);
  await fillContext(panel);
  await panel.getByRole('button', { name: 'Encrypt', exact: true }).click();
  const out = panel.getByRole('textbox', { name: /Ciphertext \(base64\)/ });
  await expect(out).toHaveValue(/^[A-Za-z0-9+/]{40,}={0,2}$/);
  return out.inputValue();
}

/** Decrypt on the Operations page and check the plaintext comes back. */
export async function decrypt(page: Page, ciphertext: string, expected = PLAINTEXT): Promise<void> {
  await page.getByRole('tab', { name: 'Decrypt' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Decrypt' });
  await panel.getByRole('textbox', { name: /Ciphertext \(base64\)/ }).fill(ciphertext);
  await fillContext(panel);
  await panel.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(panel.getByRole('textbox', { name: /^Plaintext/ })).toHaveValue(expected);
}

export async function openKey(page: Page, alias = ALIAS): Promise<void> {
  await goTo(page, 'Keys');
  await page.getByRole('row').filter({ hasText: alias }).first().click();
  await expect(page.getByRole('heading', { name: alias, exact: true })).toBeVisible();
}

export async function disableKey(page: Page, alias = ALIAS): Promise<void> {
  await openKey(page, alias);
  await page.getByRole('button', { name: 'Disable key' }).click();
  await expect(page.getByRole('button', { name: 'Enable key' })).toBeVisible();
}

/** Encrypt under a disabled key: the UI must name the KMS exception. */
export async function encryptFailsDisabled(page: Page, alias = ALIAS): Promise<void> {
  await goTo(page, 'Operations');
  await page.getByRole('tab', { name: 'Encrypt' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Encrypt' });
  await chooseKey(page, panel, alias);
  await panel.getByLabel('Plaintext').fill('this must not be encrypted');
  await fillContext(panel);
  await panel.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(notification(page, 'DisabledException').first()).toBeVisible();
  await expect(panel.getByRole('textbox', { name: /Ciphertext \(base64\)/ })).toHaveCount(0);
}

/** The audit log finds the Encrypt calls (one failed with DisabledException) and DisableKey. */
export async function auditShowsEvents(page: Page): Promise<void> {
  await goTo(page, 'Audit log');
  const search = page.getByRole('textbox', { name: 'Search audit log' });
  const table = page.getByRole('table', { name: 'Audit records' });

  await search.fill('Encrypt');
  await expect(table.getByRole('row').filter({ hasText: 'Encrypt' }).filter({ hasText: 'DisabledException' }).first()).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'Encrypt' }).filter({ hasNotText: 'DisabledException' }).first()).toBeVisible();

  await search.fill('DisableKey');
  await expect(table.getByRole('row').filter({ hasText: 'DisableKey' }).first()).toBeVisible();
  await search.fill('');
}

/**
 * Close open notifications: they cover the header's Lock button for up to 8 s. The app clears
 * them all on Escape; then wait until none is left. Only the notifications, portalled outside
 * <main>: in-page Alerts (Settings' "No OS keychain") have role="alert" too.
 */
export async function dismissNotifications(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.locator('[role="alert"]:not(main [role="alert"])')).toHaveCount(0);
}

export async function lock(page: Page): Promise<void> {
  await dismissNotifications(page);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock vault' })).toBeVisible();
}

export async function unlock(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  // The app comes back on the page it was locked on.
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: KDF_TIMEOUT });
}

export async function keyIsListed(page: Page, alias = ALIAS): Promise<void> {
  await goTo(page, 'Keys');
  await expect(page.getByRole('row').filter({ hasText: alias })).toHaveCount(1);
}

/** The whole flow, with screenshots of the main views (see SCREENSHOT_DIR). */
export async function mainFlow(page: Page, step: (title: string, body: () => Promise<void>) => Promise<void>): Promise<void> {
  await step('create the vault', () => createVault(page));
  await step('create a key with an alias', async () => {
    await createKey(page);
    await screenshot(page, 'key-detail');
  });
  let ciphertext = '';
  await step('encrypt with an encryption context', async () => {
    ciphertext = await encrypt(page);
    await screenshot(page, 'operations');
  });
  await step('decrypt it back', () => decrypt(page, ciphertext));
  await step('disable the key', () => disableKey(page));
  await step('encrypt under the disabled key names DisabledException', () => encryptFailsDisabled(page));
  await step('the audit log finds Encrypt (ok and failed) and DisableKey', async () => {
    await auditShowsEvents(page);
    await screenshot(page, 'audit');
  });
  await step('costs and rotation schedule render without errors', async () => {
    await goTo(page, 'Costs');
    await expect(page.getByRole('table', { name: 'Cost per key' })).toBeVisible();
    await goTo(page, 'Rotation schedule');
    await expect(page.getByRole('radiogroup', { name: 'Horizon' }).or(page.getByLabel('Horizon')).first()).toBeVisible();
    await expect(notification(page, /KMSInternalException|ValidationException/)).toHaveCount(0);
  });
  await step('lock and unlock', async () => {
    await lock(page);
    await unlock(page);
  });
  await step('the key is still there', () => keyIsListed(page));
  await step('a populated vault: keys list, rotation schedule, costs', async () => {
    await dismissNotifications(page);
    await createKey(page, 'alias/app/orders', 'Order service: customer addresses', 90);
    await createKey(page, 'alias/backup/s3', 'Nightly S3 backup envelopes', 180);
    await dismissNotifications(page);
    await goTo(page, 'Keys');
    await expect(page.getByRole('row').filter({ hasText: 'alias/backup/s3' })).toHaveCount(1);
    await screenshot(page, 'keys-list');
    await goTo(page, 'Rotation schedule');
    await expect(page.getByText('alias/app/orders').first()).toBeVisible();
    await screenshot(page, 'rotation-schedule');
    await goTo(page, 'Costs');
    await expect(page.getByRole('table', { name: 'Cost per key' })).toBeVisible();
    await screenshot(page, 'costs');
  });
}
