// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisabledException } from '../../../src-shared/kms/errors';
import { useStore } from '../../stores/store';
import { fakeApi, keyMeta, renderUi, resetStore, testApi } from '../../test/kit';
import { DataKeyTab } from './DataKeyTab';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const blob = (n: number, fill: number) => new Uint8Array(n).fill(fill);

function api(generate?: () => never) {
  return fakeApi({
    'kms:GenerateDataKey': (req) => generate?.() ?? ({ KeyId: `arn:key/${req.KeyId}`, KeyMaterialId: 'mat1', Plaintext: blob(32, 1), CiphertextBlob: blob(4, 2) }),
    'kms:GenerateDataKeyWithoutPlaintext': (req) => ({ KeyId: `arn:key/${req.KeyId}`, KeyMaterialId: 'mat1', CiphertextBlob: blob(4, 3) }),
  });
}

async function chooseKey() {
  fireEvent.click(screen.getByRole('combobox', { name: 'Key' }));
  fireEvent.click(await screen.findByRole('option', { name: 'alias/payroll', hidden: true }));
}

const generate = () => fireEvent.click(screen.getByRole('button', { name: 'Generate data key' }));

describe('DataKeyTab (the operation flow in a tab)', () => {
  beforeEach(() => {
    resetStore();
    useStore.setState({ keyRows: [{ meta: keyMeta('k1'), aliases: ['alias/payroll'], tags: [] }], keysLoaded: true });
  });
  afterEach(() => cleanup());

  it('asks for a key before calling anything', async () => {
    const fake = api();
    testApi.current = fake;
    renderUi(<DataKeyTab />);
    generate();
    expect(await screen.findByText('Choose a key')).toBeTruthy();
    expect(fake.calls).toEqual([]);
  });

  it('generates a data key under the chosen key with the context, and shows the plaintext once', async () => {
    const fake = api();
    testApi.current = fake;
    renderUi(<DataKeyTab />);
    await chooseKey();
    fireEvent.change(screen.getByLabelText('Context key 1'), { target: { value: 'department' } });
    fireEvent.change(screen.getByLabelText('Context value 1'), { target: { value: 'finance' } });
    generate();
    const secret = await screen.findByTestId('plaintext-data-key');
    expect(secret.textContent).toBe('AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=');
    expect(fake.calls).toEqual([{ channel: 'kms:GenerateDataKey', request: { KeyId: 'alias/payroll', KeySpec: 'AES_256', EncryptionContext: { department: 'finance' } } }]);
    expect(screen.getByText('KeyId arn:key/alias/payroll · KeyMaterialId mat1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
    await waitFor(() => expect(screen.queryByTestId('plaintext-data-key')).toBeNull());
  });

  it('without plaintext calls GenerateDataKeyWithoutPlaintext and shows no secret', async () => {
    const fake = api();
    testApi.current = fake;
    renderUi(<DataKeyTab />);
    await chooseKey();
    fireEvent.click(screen.getByRole('switch', { name: /Without plaintext/ }));
    generate();
    expect(await screen.findByText('KeyId arn:key/alias/payroll · KeyMaterialId mat1')).toBeTruthy();
    expect(fake.channels()).toEqual(['kms:GenerateDataKeyWithoutPlaintext']);
    expect(screen.queryByTestId('plaintext-data-key')).toBeNull();
  });

  it('a failed call is notified by name, shows no result and frees the button', async () => {
    testApi.current = api(() => { throw new DisabledException('key is disabled'); });
    const show = vi.spyOn(notifications, 'show');
    renderUi(<DataKeyTab />);
    await chooseKey();
    generate();
    await waitFor(() => expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'DisabledException', message: 'key is disabled' })));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Generate data key' }).getAttribute('data-loading')).toBeNull());
    expect(screen.queryByText(/KeyMaterialId/)).toBeNull();
    show.mockRestore();
  });
});
