import { describe, expect, it } from 'vitest';
import type { KeyMetadata } from '../../src-shared/kms/types';
import { displayName, encryptionKeys, filterKeys, findKeyRow, operableKeyOptions, usageKeys, type KeyRow } from './keys';

function row(id: string, patch: Partial<KeyMetadata> = {}, aliases: string[] = [], tags: KeyRow['tags'] = []): KeyRow {
  const meta: KeyMetadata = {
    AWSAccountId: '111122223333', KeyId: id, Arn: `arn:aws:kms:us-east-1:111122223333:key/${id}`,
    CreationDate: new Date(2026, 0, 1), Enabled: true, Description: '', KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT', MultiRegion: false, ...patch,
  };
  return { meta, aliases, tags };
}

const rows = [
  row('k1', { Description: 'Payroll exports', CreationDate: new Date(2026, 0, 1) }, ['alias/payroll']),
  row('k2', { KeyState: 'Disabled', CreationDate: new Date(2026, 0, 3) }, [], [{ TagKey: 'owner', TagValue: 'Security' }]),
  row('k3', { KeyState: 'PendingDeletion', CreationDate: new Date(2026, 0, 2) }, ['alias/old']),
];

describe('filterKeys', () => {
  it('lists newest first with no filters', () => {
    expect(filterKeys(rows, { search: '', state: null }).map((r) => r.meta.KeyId)).toEqual(['k2', 'k3', 'k1']);
  });
  it('searches alias, id, description and tags, case-insensitively', () => {
    const ids = (search: string) => filterKeys(rows, { search, state: null }).map((r) => r.meta.KeyId);
    expect(ids('PAYROLL')).toEqual(['k1']);
    expect(ids('exports')).toEqual(['k1']);
    expect(ids('k3')).toEqual(['k3']);
    expect(ids('security')).toEqual(['k2']);
    expect(ids('owner=security')).toEqual(['k2']);
    expect(ids('nothing')).toEqual([]);
  });
  it('filters by state', () => {
    expect(filterKeys(rows, { search: '', state: 'Disabled' }).map((r) => r.meta.KeyId)).toEqual(['k2']);
  });
});

describe('key options for operations', () => {
  it('offers aliases and ids of Enabled and Disabled symmetric keys only', () => {
    const groups = operableKeyOptions(rows);
    expect(groups.map((g) => g.group)).toEqual(['Aliases', 'Key IDs']);
    expect(groups[0]!.items.map((i) => i.value)).toEqual(['alias/payroll']);
    expect(groups[1]!.items.map((i) => i.value)).toEqual(['k1', 'k2']);
    expect(groups[1]!.items[1]!.label).toBe('k2 (disabled)');
  });
  it('is empty without usable keys', () => {
    expect(operableKeyOptions([rows[2]!])).toEqual([]);
  });
  it('displayName prefers the first alias', () => {
    expect(displayName(rows[0]!)).toBe('alias/payroll');
    expect(displayName(rows[1]!)).toBe('k2');
  });
});

describe('key pickers by kind', () => {
  const mixed = [
    row('sym', {}, ['alias/sym']),
    row('rsa', { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048' }),
    row('ecc', { KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, ['alias/sign']),
  ];
  const ids = (groups: ReturnType<typeof operableKeyOptions>) => groups.find((g) => g.group === 'Key IDs')?.items.map((i) => i.value);
  it('defaults to symmetric encryption keys (data keys need them)', () => {
    expect(ids(operableKeyOptions(mixed))).toEqual(['sym']);
  });
  it('offers RSA keys for Encrypt/Decrypt and signing keys for Sign', () => {
    expect(ids(operableKeyOptions(mixed, encryptionKeys))).toEqual(['sym', 'rsa']);
    expect(ids(operableKeyOptions(mixed, usageKeys('SIGN_VERIFY')))).toEqual(['ecc']);
  });
  it('findKeyRow resolves aliases, ids and ARNs', () => {
    expect(findKeyRow(mixed, 'alias/sign')?.meta.KeyId).toBe('ecc');
    expect(findKeyRow(mixed, 'rsa')?.meta.KeySpec).toBe('RSA_2048');
    expect(findKeyRow(mixed, mixed[0]!.meta.Arn)?.meta.KeyId).toBe('sym');
    expect(findKeyRow(mixed, null)).toBeUndefined();
    expect(findKeyRow(mixed, 'alias/none')).toBeUndefined();
  });
});
