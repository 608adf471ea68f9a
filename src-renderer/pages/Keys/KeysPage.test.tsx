// @vitest-environment happy-dom
/**
 * The Keys page lists customer managed and AWS managed keys apart, as the AWS KMS console does
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, keyMeta, renderUi, resetStore, testApi } from '../../test/kit';
import { KeysPage } from './KeysPage';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const ARN = 'arn:aws:kms:us-east-1:111122223333';

function api(withAwsKey = true) {
  const keys = [keyMeta('mine', { Description: 'payroll' }), ...(withAwsKey ? [keyMeta('awskey', { KeyManager: 'AWS', Description: 'Default key that protects my S3 objects when no other key is defined' })] : [])];
  return fakeApi({
    'kms:ListKeys': () => ({ Keys: keys.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), Truncated: false }),
    'kms:ListAliases': () => ({
      Aliases: [
        { AliasName: 'alias/payroll', AliasArn: `${ARN}:alias/payroll`, TargetKeyId: 'mine' },
        ...(withAwsKey ? [{ AliasName: 'alias/aws/s3', AliasArn: `${ARN}:alias/aws/s3`, TargetKeyId: 'awskey' }] : []),
        { AliasName: 'alias/aws/ssm', AliasArn: `${ARN}:alias/aws/ssm` }, // predefined, no key yet
      ],
      Truncated: false,
    }),
    'kms:DescribeKey': (req: { KeyId: string }) => ({ KeyMetadata: keys.find((k) => k.KeyId === req.KeyId)! }),
    'kms:GetKeyRotationStatus': (req: { KeyId: string }) => ({ KeyId: req.KeyId, KeyRotationEnabled: req.KeyId === 'awskey', RotationPeriodInDays: 365, NextRotationDate: new Date('2027-01-01T00:00:00Z') }),
    'kms:ListResourceTags': () => ({ Tags: [], Truncated: false }),
  });
}

describe('KeysPage: customer managed and AWS managed keys apart', () => {
  beforeEach(() => resetStore());
  afterEach(() => cleanup());

  it('lists customer managed keys first; the AWS managed tab lists alias/aws/* keys without a Create button', async () => {
    testApi.current = api();
    renderUi(<KeysPage />);
    const table = await screen.findByRole('table', { name: 'Keys' });
    expect(await within(table).findByText('alias/payroll')).toBeTruthy();
    expect(within(table).queryByText('alias/aws/s3')).toBeNull();
    expect(screen.getByRole('button', { name: 'Create key' })).toBeTruthy();
    expect(screen.getByText('1 of 1 key')).toBeTruthy();

    fireEvent.click(screen.getByText('AWS managed keys'));
    expect(await within(table).findByText('alias/aws/s3')).toBeTruthy();
    expect(within(table).queryByText('alias/payroll')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
    expect(screen.getByText('1 of 1 AWS managed key')).toBeTruthy();
  });

  it('says how AWS managed keys come to exist when there is none yet', async () => {
    testApi.current = api(false);
    renderUi(<KeysPage />);
    expect(await screen.findByText('alias/payroll')).toBeTruthy();
    fireEvent.click(screen.getByText('AWS managed keys'));
    expect(await screen.findByText('No AWS managed keys yet')).toBeTruthy();
  });
});
