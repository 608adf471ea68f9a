import { expect, test as base } from '@playwright/test';
import { startHost, type RunningHost } from './host.js';
import { createTypedKey, macRoundTrip, signMessage, verifyMessage } from './keytypes.js';
import { createVault, dismissNotifications, goTo, screenshot } from './steps.js';

const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
});

const SIGN_ALIAS = 'alias/e2e/release-signing';
const MAC_ALIAS = 'alias/e2e/webhooks';
const MESSAGE = 'release v1.4.2 sha256=9f86d081884c7d659a2feaa0c55ad015';

test('key types in browser mode: ECC sign/verify, a tampered message fails, HMAC generate/verify', async ({ page, host }) => {
  await page.goto(host.url);
  await test.step('create the vault', () => createVault(page));
  await test.step('the self-tests passed', async () => {
    await expect(page.getByTestId('self-test-status')).toContainText(/Self-tests passed at \d\d:\d\d/);
  });

  await test.step('create an ECC signing key (ECC_NIST_P256, SIGN_VERIFY)', async () => {
    await createTypedKey(page, { type: 'Asymmetric', usage: 'Sign and verify', spec: 'ECC_NIST_P256' }, SIGN_ALIAS, 'Release artifacts');
    await expect(page.getByText('SIGN_VERIFY', { exact: true })).toBeVisible();
    await expect(page.getByRole('textbox', { name: /Public key \(PEM/ })).toHaveValue(/^-----BEGIN PUBLIC KEY-----\n/);
    await screenshot(page, 'key-detail-ecc');
  });

  let signature = '';
  await test.step('sign a message', async () => {
    signature = await signMessage(page, SIGN_ALIAS, MESSAGE);
    expect(signature.length).toBeGreaterThan(80); // DER ECDSA P-256: 70-72 bytes
  });
  await test.step('verify it: valid', () => verifyMessage(page, MESSAGE, true));
  await test.step('change the message: KMSInvalidSignatureException', async () => {
    await verifyMessage(page, `${MESSAGE} (tampered)`, false);
    await screenshot(page, 'sign-verify');
  });

  await test.step('create an HMAC key and generate + verify a MAC', async () => {
    await dismissNotifications(page);
    await createTypedKey(page, { type: 'HMAC', spec: 'HMAC_256' }, MAC_ALIAS, 'Webhook signatures');
    await macRoundTrip(page, MAC_ALIAS, '{"event":"invoice.paid","id":42}');
  });

  await test.step('the key list tells the kinds apart', async () => {
    await dismissNotifications(page);
    await goTo(page, 'Keys');
    const sign = page.getByRole('row').filter({ hasText: SIGN_ALIAS });
    await expect(sign.getByTestId('key-type')).toContainText('ECC');
    await expect(sign.getByTestId('key-type')).toContainText('Sign');
    const mac = page.getByRole('row').filter({ hasText: MAC_ALIAS });
    await expect(mac.getByTestId('key-type')).toContainText('HMAC');
    await screenshot(page, 'keys-list-types');
  });
});
