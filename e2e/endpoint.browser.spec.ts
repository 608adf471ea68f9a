/**
 * Issue 4 as a user walks it: switch the local KMS endpoint on in Settings, create an access
 * key (secret shown once), point @aws-sdk/client-kms at the URL Settings shows, round-trip
 * CreateKey/Encrypt/Decrypt, revoke the key in the UI and see the SDK refused, then find the
 * SDK's Encrypt in the Audit log under that access key id.
 */
import { createServer } from 'node:net';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { expect, test as base, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './host.js';
import { createVault, dismissNotifications, goTo, notification, screenshot } from './steps.js';

const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
});

const SDK_PLAINTEXT = 'invoice batch 2024-06: 17 files';
const SDK_CONTEXT = { app: 'e2e-sdk', stage: 'test' };
const SECRET_PLACEHOLDER = '<the secret shown when the key was created>';

/** A port the OS says is free now (listen on 0, read it, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  return address.port;
}

/** The error an SDK call raised: its name and HTTP status. */
async function sdkFailure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const meta: unknown = Reflect.get(e, '$metadata');
    const status = typeof meta === 'object' && meta !== null ? Reflect.get(meta, 'httpStatusCode') : undefined;
    return { name: e.name, status: typeof status === 'number' ? status : undefined };
  }
  throw new Error('expected the SDK call to fail');
}

/** `export NAME=value` lines (the Environment snippet) as a map. */
function parseExports(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, m[2]!); // both groups always take part in a match
  }
  return out;
}

function endpointHeading(page: Page) {
  return page.getByRole('heading', { name: 'Local KMS endpoint', exact: true });
}

test('local KMS endpoint from Settings: access key, SDK round trip, revoke, audit', async ({ page, host }) => {
  await page.goto(host.url);
  await test.step('create the vault', () => createVault(page));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await test.step(`switch the endpoint on at port ${port}`, async () => {
    await goTo(page, 'Settings');
    await expect(endpointHeading(page)).toBeVisible();
    await expect(page.getByTestId('endpoint-state')).toHaveText('Off');
    const sw = page.getByRole('switch', { name: 'Serve the KMS API on this computer' });
    await expect(sw).not.toBeChecked();
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(port));
    // click(), not check(): the switch is controlled and turns on only once the endpoint
    // answers, so check()'s immediate state test would fail; the assertion below retries.
    await sw.click();
    await expect(sw).toBeChecked();
    await expect(page.getByTestId('endpoint-state')).toHaveText('Listening');
    await expect(page.getByTestId('endpoint-url')).toHaveText(url);
    await expect(notification(page, `The KMS endpoint is listening at ${url}.`).first()).toBeVisible();
  });

  let accessKeyId = '';
  let secret = '';
  let region = '';
  await test.step('create an access key: the secret is shown once, with the lines to paste', async () => {
    await page.getByRole('textbox', { name: 'New access key' }).fill('e2e SDK client');
    await page.getByRole('button', { name: 'Create access key', exact: true }).click();
    const shown = page.getByRole('alert').filter({ hasText: 'Copy the secret access key now' });
    await expect(shown).toBeVisible();
    accessKeyId = /AKIA[A-Z2-7]{16}/.exec((await shown.textContent()) ?? '')?.[0] ?? '';
    expect(accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    secret = (await shown.getByTestId('new-secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9+/]{40}$/);

    // Listed (id only), chosen, and the Environment snippet carries everything a client needs.
    const row = page.getByRole('row').filter({ hasText: accessKeyId });
    await expect(row).toContainText('e2e SDK client');
    await expect(row).not.toContainText(secret);
    await expect(row.getByRole('radio', { name: `Show settings for ${accessKeyId}` })).toBeChecked();
    await expect(page.getByRole('tab', { name: 'Environment variables' })).toHaveAttribute('aria-selected', 'true');
    const env = parseExports((await page.getByTestId('snippet-environment').textContent()) ?? '');
    expect(env.get('AWS_ACCESS_KEY_ID')).toBe(accessKeyId);
    expect(env.get('AWS_SECRET_ACCESS_KEY')).toBe(secret);
    expect(env.get('AWS_ENDPOINT_URL_KMS')).toBe(url);
    region = env.get('AWS_REGION') ?? '';
    expect(region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
  });

  await test.step('hide the secret: it is gone from the page', async () => {
    await page.getByRole('button', { name: 'I have stored it, hide the secret' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Copy the secret access key now' })).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);
    await expect(page.getByTestId('snippet-environment')).toContainText(`AWS_SECRET_ACCESS_KEY=${SECRET_PLACEHOLDER}`);
    expect(await page.content()).not.toContain(secret);
    // The id stays listed.
    await expect(page.getByRole('row').filter({ hasText: accessKeyId })).toHaveCount(1);
  });

  const client = new KMSClient({ endpoint: url, region, credentials: { accessKeyId, secretAccessKey: secret }, maxAttempts: 1 });
  try {
    let keyId = '';
    let keyArn = '';
    let ciphertext: Uint8Array | undefined;
    await test.step('@aws-sdk/client-kms: CreateKey, Encrypt, Decrypt round trip', async () => {
      const created = await client.send(new CreateKeyCommand({ Description: 'Created by @aws-sdk/client-kms (e2e)' }));
      keyId = created.KeyMetadata?.KeyId ?? '';
      keyArn = created.KeyMetadata?.Arn ?? '';
      expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
      expect(keyArn).toBe(`arn:aws:kms:${region}:${keyArn.split(':')[4] ?? ''}:key/${keyId}`);
      const enc = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new TextEncoder().encode(SDK_PLAINTEXT), EncryptionContext: SDK_CONTEXT }));
      expect(enc.KeyId).toBe(keyArn);
      ciphertext = enc.CiphertextBlob;
      expect(ciphertext?.length ?? 0).toBeGreaterThan(SDK_PLAINTEXT.length);
      const dec = await client.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: SDK_CONTEXT }));
      expect(dec.KeyId).toBe(keyArn);
      expect(new TextDecoder().decode(dec.Plaintext)).toBe(SDK_PLAINTEXT);
    });

    await test.step('Settings counts the requests; screenshot of the endpoint section', async () => {
      await expect(page.getByTestId('endpoint-requests')).toHaveText(/^([3-9]|\d{2,})$/); // polled every 3 s
      await dismissNotifications(page);
      // Its heading at the top, clear of the fixed app header.
      await endpointHeading(page).evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -80);
      });
      await screenshot(page, 'settings-endpoint');
    });

    await test.step('revoke the access key in the UI', async () => {
      await page.getByRole('button', { name: `Revoke ${accessKeyId}`, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke access key?' });
      await expect(dialog).toContainText(accessKeyId);
      await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(notification(page, 'Access key revoked').first()).toBeVisible();
      await expect(page.getByRole('row').filter({ hasText: accessKeyId })).toHaveCount(0);
    });

    await test.step('the next SDK call is refused: UnrecognizedClientException', async () => {
      const refused = await sdkFailure(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new TextEncoder().encode('refused'), EncryptionContext: SDK_CONTEXT })));
      expect(refused).toEqual({ name: 'UnrecognizedClientException', status: 400 });
      const again = await sdkFailure(client.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: SDK_CONTEXT })));
      expect(again.name).toBe('UnrecognizedClientException');
    });

    await test.step('the audit log finds the SDK\'s Encrypt by its access key id', async () => {
      await dismissNotifications(page);
      await goTo(page, 'Audit log');
      await page.getByRole('textbox', { name: 'Search audit log' }).fill(accessKeyId);
      const table = page.getByRole('table', { name: 'Audit records' });
      const rowFor = (event: string) => table.getByRole('row').filter({ has: page.getByText(event, { exact: true }) });
      for (const event of ['CreateKey', 'Encrypt', 'Decrypt']) {
        await expect(rowFor(event)).toHaveCount(1);
      }
      const encryptRow = rowFor('Encrypt');
      await expect(encryptRow).toContainText(keyId);
      await expect(encryptRow).toContainText('Success');
      await expect(encryptRow).toContainText('keyward-api');
      await expect(encryptRow).toContainText('127.0.0.1');

      await encryptRow.click();
      const drawer = page.getByRole('dialog').filter({ hasText: 'Encrypt' });
      const json = drawer.getByLabel('Audit record JSON');
      await expect(json).toContainText(`"accessKeyId": "${accessKeyId}"`);
      await expect(json).toContainText('"arn": "arn:aws:iam::');
      await expect(json).toContainText(/"userAgent": "[^"]*aws-sdk-js/);
      await expect(json).not.toContainText(secret);
      await expect(json).not.toContainText(SDK_PLAINTEXT);
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();
    });

    await test.step('the key the SDK made is in the Keys list', async () => {
      await goTo(page, 'Keys');
      await expect(page.getByRole('row').filter({ hasText: 'Created by @aws-sdk/client-kms (e2e)' })).toHaveCount(1);
    });
  } finally {
    client.destroy();
  }
});
