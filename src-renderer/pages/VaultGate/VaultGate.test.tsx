// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
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

  it('a damaged vault file: shows what was found and what to do (finding: the failure went only to stderr)', () => {
    testApi.current = fakeApi({});
    renderUi(<VaultGate status={vaultStatus({ unlocked: false, integrity: [{ subject: 'vault', message: 'The vault file /tmp/vault.kwv is damaged (checksum mismatch).', advice: 'Open the previous generation.' }] })} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The vault file failed its integrity check');
    expect(alert.textContent).toContain('checksum mismatch');
    expect(alert.textContent).toContain('What you can do: Open the previous generation.');
    // No intact previous generation: nothing is offered.
    expect(screen.queryByRole('button', { name: 'Open the previous generation…' })).toBeNull();
  });

  it('offers the previous generation; restores it only after the confirmation, with the passphrase (finding: advised but nothing offered it)', async () => {
    const api = fakeApi({ 'vault:openPreviousGeneration': () => vaultStatus() });
    testApi.current = api;
    renderUi(<VaultGate status={vaultStatus({ unlocked: false, previousGenerationAvailable: true, integrity: [{ subject: 'vault', message: 'damaged', advice: 'Open the previous generation.' }] })} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open the previous generation…' }));
    expect(await screen.findByText('Open the previous generation?')).toBeTruthy();
    expect(api.calls).toEqual([]);
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore and unlock' }));
    expect(await within(dialog).findByText('Enter the passphrase of the previous generation')).toBeTruthy();
    expect(api.calls).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText('Passphrase', { exact: true }), { target: { value: 'correct horse battery staple' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore and unlock' }));
    await waitFor(() => expect(useStore.getState().vault?.unlocked).toBe(true));
    expect(api.calls).toEqual([{ channel: 'vault:openPreviousGeneration', request: { Passphrase: 'correct horse battery staple' } }]);
  });

  it('cancelling the confirmation changes nothing', async () => {
    const api = fakeApi({});
    testApi.current = api;
    renderUi(<VaultGate status={vaultStatus({ unlocked: false, previousGenerationAvailable: true })} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open the previous generation…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByText('Open the previous generation?')).toBeNull());
    expect(api.calls).toEqual([]);
    expect(useStore.getState().vault).toBeNull();
  });
});
