// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../../src-shared/kms/enums';
import { AlreadyExistsException, LimitExceededException } from '../../../src-shared/kms/errors';
import { fakeApi, keyMeta, renderUi, resetStore, testApi } from '../../test/kit';
import { CreateKeyModal } from './CreateKeyModal';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

function createApi(overrides: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'kms:CreateKey': (req) => ({ KeyMetadata: keyMeta('k-new', { KeySpec: req.KeySpec ?? 'SYMMETRIC_DEFAULT', KeyUsage: req.KeyUsage ?? 'ENCRYPT_DECRYPT' }) }),
    'kms:CreateAlias': () => ({}),
    'kms:EnableKeyRotation': () => ({}),
    ...overrides,
  });
}

function open() {
  const onCreated = vi.fn<(keyId: string) => void>();
  const onClose = vi.fn<() => void>();
  renderUi(<CreateKeyModal opened onClose={onClose} onCreated={onCreated} />);
  return { onCreated, onClose };
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const create = () => fireEvent.click(screen.getByRole('button', { name: 'Create' }));

describe('CreateKeyModal: the create-key flow', () => {
  beforeEach(() => resetStore());
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('creates a symmetric key, then its alias and yearly rotation, and hands back the key ID', async () => {
    const api = createApi();
    testApi.current = api;
    const show = vi.spyOn(notifications, 'show');
    const { onCreated } = open();
    type('Description', '  Payroll export files ');
    type('Alias', 'alias/payroll/export');
    create();
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('k-new'));
    expect(api.calls).toEqual([
      { channel: 'kms:CreateKey', request: { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Description: 'Payroll export files' } },
      { channel: 'kms:CreateAlias', request: { AliasName: 'alias/payroll/export', TargetKeyId: 'k-new' } },
      { channel: 'kms:EnableKeyRotation', request: { KeyId: 'k-new', RotationPeriodInDays: 365 } },
    ]);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Key created', message: 'Created key alias/payroll/export' }));
  });

  it('without an alias and with rotation off, creates the key alone', async () => {
    const api = createApi();
    testApi.current = api;
    const { onCreated } = open();
    fireEvent.click(screen.getByRole('switch', { name: /Automatic rotation/ }));
    create();
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('k-new'));
    expect(api.channels()).toEqual(['kms:CreateKey']);
  });

  it('an HMAC key gets no rotation (only symmetric encryption keys rotate)', async () => {
    const api = createApi();
    testApi.current = api;
    const { onCreated } = open();
    fireEvent.click(screen.getByText('HMAC'));
    expect(await screen.findByText(/Automatic rotation applies to symmetric encryption keys only/)).toBeTruthy();
    create();
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.calls).toEqual([{ channel: 'kms:CreateKey', request: { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' } }]);
  });

  it('refuses a reserved alias or a bad rotation period before calling anything', async () => {
    const api = createApi();
    testApi.current = api;
    const { onCreated } = open();
    type('Alias', 'aws/s3');
    type('Rotation period (days)', '30');
    create();
    expect(await screen.findByText('alias/aws/ is reserved for AWS managed keys')).toBeTruthy();
    expect(screen.getByText(`Enter a whole number of days from ${LIMITS.rotationPeriodMin} to ${LIMITS.rotationPeriodMax}`)).toBeTruthy();
    expect(api.calls).toEqual([]);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('keeps the form when CreateKey fails, and notifies the exception', async () => {
    testApi.current = createApi({ 'kms:CreateKey': () => { throw new LimitExceededException('Too many keys'); } });
    const show = vi.spyOn(notifications, 'show');
    const { onCreated } = open();
    type('Alias', 'kept');
    create();
    await waitFor(() => expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'LimitExceededException', message: 'Too many keys' })));
    expect(onCreated).not.toHaveBeenCalled();
    expect(screen.getByLabelText<HTMLInputElement>('Alias').value).toBe('kept');
  });

  it('still hands back the key when a follow-up (the alias) fails', async () => {
    const api = createApi({ 'kms:CreateAlias': () => { throw new AlreadyExistsException('alias/dup exists'); } });
    testApi.current = api;
    const show = vi.spyOn(notifications, 'show');
    const { onCreated } = open();
    type('Alias', 'dup');
    create();
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('k-new'));
    expect(api.channels()).toEqual(['kms:CreateKey', 'kms:CreateAlias', 'kms:EnableKeyRotation']);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'AlreadyExistsException' }));
  });
});
