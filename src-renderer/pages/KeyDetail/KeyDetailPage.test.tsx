// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyState } from '../../../src-shared/kms/enums';
import { NotFoundException } from '../../../src-shared/kms/errors';
import { useStore } from '../../stores/store';
import { fakeApi, keyMeta, renderUi, resetStore, testApi } from '../../test/kit';
import { KeyDetailPage } from './KeyDetailPage';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

/** One symmetric key whose state DisableKey and EnableKey change, as the engine would. */
function keyApi() {
  let state: KeyState = 'Enabled';
  const arn = 'arn:aws:kms:us-east-1:111122223333:alias/payroll';
  return fakeApi({
    'kms:DescribeKey': () => ({ KeyMetadata: keyMeta('k1', { KeyState: state, Enabled: state === 'Enabled', Description: 'Payroll export files' }) }),
    'kms:ListAliases': () => ({ Aliases: [{ AliasName: 'alias/payroll', AliasArn: arn, TargetKeyId: 'k1' }], Truncated: false }),
    'kms:ListResourceTags': () => ({ Tags: [{ TagKey: 'department', TagValue: 'finance' }], Truncated: false }),
    'kms:GetKeyRotationStatus': () => ({ KeyId: 'k1', KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: new Date('2027-01-01T00:00:00Z') }),
    'kms:ListKeyRotations': () => ({ Rotations: [], Truncated: false }),
    'cost:estimate': () => ({
      Month: '2026-11', AsOf: new Date(), Keys: [], StorageUsd: 0, RotationUsd: 0, Requests: 0, FreeRequests: 0, BilledRequests: 0,
      RequestsUsd: 0, TotalUsd: 0, Profile: { name: 'us-east-1', source: 'AWS KMS pricing', date: '2026-01-01' },
    }),
    'console:listKeys': () => ({ Rows: [], Offset: 0, Matched: 0, Totals: { CUSTOMER: 0, AWS: 0 } }),
    'kms:DisableKey': () => {
      state = 'Disabled';
      return {};
    },
  });
}

describe('KeyDetailPage', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('shows every section of the key', async () => {
    testApi.current = keyApi();
    renderUi(<KeyDetailPage keyId="alias/payroll" />);
    expect(screen.getByText('Loading key…')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'alias/payroll' })).toBeTruthy();
    for (const title of ['Configuration', 'Aliases (1)', 'Tags (1)', 'Lifecycle', 'Rotation', 'Cost this month']) {
      expect(screen.getByRole('heading', { name: title })).toBeTruthy();
    }
    expect(screen.getByRole('table', { name: 'Tags' }).textContent).toContain('finance');
    expect(screen.getByText('No charges for this key this month.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLTextAreaElement>('Description').value).toBe('Payroll export files');
    expect(screen.queryByRole('heading', { name: 'Public key' })).toBeNull(); // symmetric: no public key
  });

  it('Disable key calls DisableKey and reloads into the disabled state', async () => {
    const api = keyApi();
    testApi.current = api;
    useStore.setState({ keysLoaded: true }); // a key picker has loaded the key list
    renderUi(<KeyDetailPage keyId="alias/payroll" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Disable key' }));
    expect(await screen.findByRole('button', { name: 'Enable key' })).toBeTruthy();
    expect(api.calls.find((c) => c.channel === 'kms:DisableKey')?.request).toEqual({ KeyId: 'k1' });
    await waitFor(() => expect(api.channels()).toContain('console:listKeys')); // the pickers' key list is refreshed too
  });

  it('says so when there is no such key', async () => {
    testApi.current = fakeApi({ 'kms:DescribeKey': () => { throw new NotFoundException('no key'); } });
    renderUi(<KeyDetailPage keyId="alias/none" />);
    expect(await screen.findByText('Key not found')).toBeTruthy();
    expect(screen.getByText('No key with ID or alias alias/none in this vault. It may have been deleted.')).toBeTruthy();
  });

  it('an AWS managed key shows KeyManager AWS and every change control disabled, with the reason', async () => {
    const arn = 'arn:aws:kms:us-east-1:111122223333:alias/aws/s3';
    const api = fakeApi({
      'kms:DescribeKey': () => ({ KeyMetadata: keyMeta('aws1', { KeyManager: 'AWS', Description: 'Default key that protects my S3 objects when no other key is defined' }) }),
      'kms:ListAliases': () => ({ Aliases: [{ AliasName: 'alias/aws/s3', AliasArn: arn, TargetKeyId: 'aws1' }], Truncated: false }),
      'kms:ListResourceTags': () => ({ Tags: [], Truncated: false }),
      'kms:GetKeyRotationStatus': () => ({ KeyId: 'aws1', KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: new Date('2027-01-01T00:00:00Z') }),
      'kms:ListKeyRotations': () => ({ Rotations: [], Truncated: false }),
      'cost:estimate': () => ({
        Month: '2026-11', AsOf: new Date(), Keys: [], StorageUsd: 0, RotationUsd: 0, Requests: 0, FreeRequests: 0, BilledRequests: 0,
        RequestsUsd: 0, TotalUsd: 0, Profile: { name: 'us-east-1', source: 'AWS KMS pricing', date: '2026-01-01' },
      }),
    });
    testApi.current = api;
    renderUi(<KeyDetailPage keyId="alias/aws/s3" />);
    expect(await screen.findByRole('heading', { name: 'alias/aws/s3' })).toBeTruthy();
    expect(screen.getByText('AWS managed')).toBeTruthy();
    expect(screen.getByText('AWS managed key')).toBeTruthy(); // Configuration: Key manager AWS
    for (const name of ['Disable key', 'Schedule deletion', 'Rotate now', 'Add tag', 'Add alias', 'Save description']) {
      expect(screen.getByRole<HTMLButtonElement>('button', { name }).disabled, name).toBe(true);
    }
    expect(screen.getByLabelText<HTMLInputElement>(/Automatic rotation/).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Delete alias alias/aws/s3' }).disabled).toBe(true);
    expect(screen.getAllByText(/AWS manages this key/).length).toBeGreaterThanOrEqual(5); // beside each section's controls
    fireEvent.click(screen.getByRole('button', { name: 'Disable key' }));
    expect(api.channels()).not.toContain('kms:DisableKey');
  });
});
