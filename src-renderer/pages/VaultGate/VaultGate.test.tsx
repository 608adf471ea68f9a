// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncorrectPassphraseException } from '../../../src-shared/kms/errors';
import { useStore } from '../../stores/store';
import { fakeApi, renderUi, resetStore, testApi, vaultStatus } from '../../test/kit';
import { VaultGate } from './VaultGate';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: true }), { target: { value } });

describe('VaultGate', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('create: checks the passphrases, then creates the vault and lets the app in', async () => {
    const api = fakeApi({ 'vault:create': () => vaultStatus() });
    testApi.current = api;
    renderUi(<VaultGate status={vaultStatus({ exists: false, unlocked: false })} />);
    expect(screen.getByText('Vault file: /tmp/vault.kwv')).toBeTruthy();
    type('Passphrase', 'correct horse battery staple');
    type('Confirm passphrase', 'correct horse');
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    expect(await screen.findByText('Passphrases do not match')).toBeTruthy();
    expect(api.calls).toEqual([]);
    type('Confirm passphrase', 'correct horse battery staple');
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    await waitFor(() => expect(useStore.getState().vault?.unlocked).toBe(true));
    expect(api.calls).toEqual([{ channel: 'vault:create', request: { Passphrase: 'correct horse battery staple' } }]);
  });

  it('unlock: a wrong passphrase is cleared and the gate stays', async () => {
    testApi.current = fakeApi({ 'vault:unlock': () => { throw new IncorrectPassphraseException('wrong'); } });
    renderUi(<VaultGate status={vaultStatus({ unlocked: false })} />);
    type('Passphrase', 'not it');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Passphrase', { exact: true }).value).toBe(''));
    expect(useStore.getState().vault).toBeNull();
  });

  it('unlock: asks for a passphrase first; the keychain button unlocks without one', async () => {
    const api = fakeApi({ 'vault:unlockWithKeychain': () => vaultStatus() });
    testApi.current = api;
    renderUi(<VaultGate status={vaultStatus({ unlocked: false, hasKeychainSlot: true, keychainAvailable: true })} />);
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Enter the vault passphrase')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unlock with OS keychain' }));
    await waitFor(() => expect(useStore.getState().vault?.unlocked).toBe(true));
    expect(api.channels()).toEqual(['vault:unlockWithKeychain']);
  });
});
