// @vitest-environment happy-dom
/**
 * No secret field is kept by the browser: every text area and passphrase input in the
 * renderer is a SecretTextarea or SecretPasswordInput (checked in the source, so a new one
 * cannot be forgotten), and the screens with plaintexts and passphrases render only fields
 * with autocomplete off (or new-password), spell-check off, and the secret-field mark.
 */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderUi, resetStore, testApi, vaultStatus } from '../../test/kit';
import { EncryptTab, DecryptTab } from '../../pages/Operations/EncryptDecrypt';
import { Output } from '../../pages/Operations/parts';
import { VaultGate } from '../../pages/VaultGate/VaultGate';
import { CopyTextarea } from '../CopyTextarea';
import { SECRET_FIELD_ATTRIBUTE, SecretPasswordInput, SecretTextarea } from './SecretField';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

/** Every renderer source file but tests and this component, as text. */
const sources = import.meta.glob<string>(['../../**/*.ts', '../../**/*.tsx', '!../../**/*.test.ts', '!../../**/*.test.tsx', '!./SecretField.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The text fields in `root` and what would let the browser keep them. */
function unsafeFields(root: HTMLElement): string[] {
  const fields = [...root.querySelectorAll<HTMLElement>('textarea, input[type="password"]')];
  expect(fields.length).toBeGreaterThan(0);
  return fields
    .filter((f) => {
      const autocomplete = f.getAttribute('autocomplete');
      const okAutocomplete = autocomplete === 'off' || (autocomplete === 'new-password' && f.getAttribute('type') === 'password');
      return !okAutocomplete || f.getAttribute('spellcheck') !== 'false' || f.getAttribute(SECRET_FIELD_ATTRIBUTE) !== 'true';
    })
    .map((f) => f.outerHTML.slice(0, 160));
}

describe('secret fields', () => {
  beforeEach(() => {
    resetStore();
    testApi.current = fakeApi({});
  });
  afterEach(cleanup);

  it('the source has no text area or password input but the secret ones', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const offenders = Object.entries(sources)
      .filter(([, text]) => /import\s*\{[^}]*\b(Textarea|PasswordInput|JsonInput)\b[^}]*\}\s*from\s*'@mantine\/core'/.test(text.replace(/type (Textarea|PasswordInput)Props/g, '')) || /<textarea\b|type=["']password["']/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it('SecretTextarea, CopyTextarea and the operation output carry the attributes, whatever the caller passes', () => {
    const { container } = renderUi(
      <>
        <SecretTextarea label="Plaintext" value="" onChange={() => {}} />
        <CopyTextarea label="Private key" value="-----BEGIN PRIVATE KEY-----" copyLabel="private key" readOnly />
        <Output label="Plaintext" value="the decrypted secret" copyLabel="plaintext" />
      </>,
    );
    expect(unsafeFields(container)).toEqual([]);
    expect(container.querySelectorAll('textarea')).toHaveLength(3);
  });

  it('passphrases: new-password when chosen, off when entered', () => {
    const { container } = renderUi(
      <>
        <SecretPasswordInput label="New" kind="new" />
        <SecretPasswordInput label="Current" kind="current" />
      </>,
    );
    const [chosen, entered] = [...container.querySelectorAll('input[type="password"]')];
    expect(chosen!.getAttribute('autocomplete')).toBe('new-password');
    expect(entered!.getAttribute('autocomplete')).toBe('off');
    expect(unsafeFields(container)).toEqual([]);
  });

  it.each([
    ['Encrypt', () => <EncryptTab />],
    ['Decrypt', () => <DecryptTab />],
    ['create vault', () => <VaultGate status={vaultStatus({ exists: false, unlocked: false })} />],
    ['unlock vault', () => <VaultGate status={vaultStatus({ unlocked: false })} />],
  ])('the %s screen renders only secret fields', (_label, ui) => {
    const { container } = renderUi(ui());
    expect(unsafeFields(container)).toEqual([]);
  });
});
