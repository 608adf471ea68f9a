/**
 * Steps for keys other than symmetric ones: create a key of a chosen type, usage and
 * spec in the create-key flow, sign and verify, generate and verify a MAC. Selectors are the
 * roles and labels the UI shows, as in steps.ts.
 */
import { expect, type Page } from '@playwright/test';
import { chooseKey, goTo, notification } from './steps.js';

export interface KeyChoice {
  /** The segment in "Key type". */
  type: 'Symmetric' | 'Asymmetric' | 'HMAC' | 'Post-quantum';
  /** A "Key usage" card, when the type has several. */
  usage?: 'Sign and verify' | 'Encrypt and decrypt' | 'Key agreement' | 'Encapsulate and decapsulate';
  /** A "Key spec" card, by its KeySpec name. */
  spec: string;
}

/** Create a key of the chosen type/usage/spec with an alias; ends on its detail page. */
export async function createTypedKey(page: Page, choice: KeyChoice, alias: string, description = ''): Promise<void> {
  await goTo(page, 'Keys');
  await page.getByRole('button', { name: 'Create key', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create key' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radiogroup', { name: 'Key type' }).or(dialog.getByLabel('Key type')).first().getByText(choice.type, { exact: true }).click();
  if (choice.usage) await dialog.getByRole('radio', { name: choice.usage, exact: true }).click();
  await dialog.getByRole('radio', { name: new RegExp(`^${choice.spec}:`) }).click();
  await expect(dialog.getByRole('radio', { name: new RegExp(`^${choice.spec}:`) })).toBeChecked();
  // Rotation is for symmetric keys only.
  if (choice.type !== 'Symmetric') await expect(dialog.getByLabel('Automatic rotation')).toHaveCount(0);
  if (description) await dialog.getByLabel('Description').fill(description);
  await dialog.getByLabel('Alias').fill(alias.replace(/^alias\//, ''));
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: alias, exact: true })).toBeVisible();
  await expect(page.getByText(choice.spec, { exact: true }).first()).toBeVisible();
}

/** Open the Operations tab and return its panel. */
async function operationsTab(page: Page, tab: string) {
  await goTo(page, 'Operations');
  await page.getByRole('tab', { name: tab }).click();
  return page.getByRole('tabpanel', { name: tab });
}

/** Sign a text message; returns the base64 signature shown. */
export async function signMessage(page: Page, alias: string, message: string): Promise<string> {
  const panel = await operationsTab(page, 'Sign / Verify');
  await chooseKey(page, panel, alias);
  await expect(panel.getByRole('combobox', { name: 'Signing algorithm' })).not.toHaveValue('');
  await panel.getByLabel('Message', { exact: true }).fill(message);
  await panel.getByRole('button', { name: 'Sign', exact: true }).click();
  const out = panel.getByRole('textbox', { name: /Signature \(base64\)/ });
  await expect(out).toHaveValue(/^[A-Za-z0-9+/]{40,}={0,2}$/);
  return out.inputValue();
}

/** Verify the signature in the field against the message (set to `message` first). */
export async function verifyMessage(page: Page, message: string, expectValid: boolean): Promise<void> {
  const panel = page.getByRole('tabpanel', { name: 'Sign / Verify' });
  await panel.getByLabel('Message', { exact: true }).fill(message);
  await panel.getByRole('button', { name: 'Verify', exact: true }).click();
  const verdict = panel.getByTestId('verify-result');
  if (expectValid) {
    await expect(verdict).toContainText('Signature valid');
  } else {
    await expect(notification(page, 'KMSInvalidSignatureException').first()).toBeVisible();
    await expect(verdict).toContainText('Signature invalid');
  }
}

/** Generate a MAC for a message and verify it; then verify a changed message fails. */
export async function macRoundTrip(page: Page, alias: string, message: string): Promise<void> {
  const panel = await operationsTab(page, 'MAC');
  await chooseKey(page, panel, alias);
  await panel.getByLabel('Message', { exact: true }).fill(message);
  await panel.getByRole('button', { name: 'Generate MAC' }).click();
  await expect(panel.getByRole('textbox', { name: /MAC \(base64\)/ })).toHaveValue(/^[A-Za-z0-9+/]{40,}={0,2}$/);
  await panel.getByRole('button', { name: 'Verify MAC' }).click();
  await expect(panel.getByTestId('mac-result')).toContainText('MAC valid');
  await panel.getByLabel('Message', { exact: true }).fill(`${message}!`);
  await panel.getByRole('button', { name: 'Verify MAC' }).click();
  await expect(notification(page, 'KMSInvalidMacException').first()).toBeVisible();
  await expect(panel.getByTestId('mac-result')).toContainText('MAC invalid');
}
