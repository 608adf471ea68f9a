// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleKeyRow } from '../../src-shared/console';
import { KMSInvalidStateException, KMSInternalException } from '../../src-shared/kms/errors';
import { fakeApi, keyMeta, resetStore, testApi } from '../test/kit';
import { rotationStatusOf } from './keysSlice';
import { useStore } from './store';

vi.mock('../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const arn = (name: string) => `arn:aws:kms:us-east-1:111122223333:${name}`;

/** A console:listKeys row as the main side answers it; `patch` changes what a test needs. */
function row(keyId: string, patch: Partial<ConsoleKeyRow> = {}): ConsoleKeyRow {
  return {
    KeyId: keyId, Arn: arn(`key/${keyId}`), Aliases: [], Description: '', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', CreationDate: new Date('2026-01-02T03:04:05Z'),
    Rotation: 'DISABLED', Tags: [], ...patch,
  };
}

/** k1 (two aliases, a tag, rotation on), k2 (HMAC, no rotation), and the AWS managed key behind alias/aws/s3. */
function vaultApi(customer: ConsoleKeyRow[] = [
  row('k1', { Aliases: ['alias/alpha', 'alias/zeta'], Tags: [{ TagKey: 'owner', TagValue: 'payments' }], Rotation: 'ENABLED', RotationPeriodInDays: 90 }),
  row('k2', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Rotation: 'NOT_SUPPORTED' }),
]) {
  const aws = [row('awskey', { KeyManager: 'AWS', Aliases: ['alias/aws/s3'], Rotation: 'ENABLED' })];
  return fakeApi({
    'console:listKeys': (req) => {
      const all = req.KeyManager === 'AWS' ? aws : customer;
      const offset = req.Offset ?? 0;
      return { Rows: all.slice(offset, offset + (req.Limit ?? 100)), Offset: offset, Matched: all.length, Totals: { CUSTOMER: customer.length, AWS: aws.length } };
    },
  });
}

describe('keys slice (the pickers\' rows)', () => {
  beforeEach(() => {
    resetStore();
    testApi.current = vaultApi();
  });
  afterEach(() => vi.restoreAllMocks());

  it('loads every key of both managers with aliases, tags, rotation and the metadata the pickers read, in one call per manager', async () => {
    const api = vaultApi();
    testApi.current = api;
    await useStore.getState().loadKeys();
    const s = useStore.getState();
    expect(s.keysLoaded).toBe(true);
    expect(s.keysLoading).toBe(false);
    expect(s.keyRows.map((r) => r.meta.KeyId)).toEqual(['k1', 'k2', 'awskey']);
    expect(s.keyRows[0]).toMatchObject({ aliases: ['alias/alpha', 'alias/zeta'], tags: [{ TagKey: 'owner', TagValue: 'payments' }], rotation: { KeyRotationEnabled: true, RotationPeriodInDays: 90 } });
    expect(s.keyRows[0]!.meta).toMatchObject({ AWSAccountId: '111122223333', Enabled: true, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], KeyManager: 'CUSTOMER' });
    expect(s.keyRows[1]!.meta.MacAlgorithms).toEqual(['HMAC_SHA_256']);
    expect(s.keyRows[1]).not.toHaveProperty('rotation');
    expect(api.channels()).toEqual(['console:listKeys', 'console:listKeys']); // no per-key calls
  });

  it('reads 2,500 keys in three pages of 1,000', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => row(`k${i}`));
    const api = vaultApi(many);
    testApi.current = api;
    await useStore.getState().loadKeys();
    expect(useStore.getState().keyRows).toHaveLength(2501);
    expect(api.calls.map((c) => c.request)).toMatchObject([
      { KeyManager: 'CUSTOMER', Offset: 0, Limit: 1000 }, { Offset: 1000 }, { Offset: 2000 }, { KeyManager: 'AWS', Offset: 0 },
    ]);
  });

  it('keeps the rows it had when a reload fails, and says so once', async () => {
    await useStore.getState().loadKeys();
    const show = vi.spyOn(notifications, 'show');
    testApi.current = fakeApi({ 'console:listKeys': () => { throw new KMSInternalException('disk on fire'); } });
    await useStore.getState().loadKeys();
    expect(useStore.getState().keyRows).toHaveLength(3);
    expect(useStore.getState().keysLoading).toBe(false);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'KMSInternalException', message: 'disk on fire' }));
  });

  it('ensureKeys loads once, refreshKeys reloads only what was loaded, resetKeys forgets', async () => {
    const api = vaultApi();
    testApi.current = api;
    await useStore.getState().refreshKeys();
    expect(api.calls).toHaveLength(0); // nothing loaded, nothing to keep in step
    await Promise.all([useStore.getState().ensureKeys(), useStore.getState().ensureKeys()]);
    await useStore.getState().ensureKeys();
    expect(api.calls).toHaveLength(2); // one load: one page per manager
    await useStore.getState().refreshKeys();
    expect(api.calls).toHaveLength(4);
    useStore.getState().resetKeys();
    expect(useStore.getState()).toMatchObject({ keyRows: [], keysLoaded: false });
  });

  it('drops an answer that a reset made stale', async () => {
    const pending = useStore.getState().loadKeys();
    useStore.getState().resetKeys();
    await pending;
    expect(useStore.getState().keyRows).toEqual([]);
    expect(useStore.getState().keysLoaded).toBe(false);
  });
});

describe('rotationStatusOf', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks only for symmetric AWS_KMS keys that are not pending import', async () => {
    const api = fakeApi({ 'kms:GetKeyRotationStatus': (req) => ({ KeyId: req.KeyId, KeyRotationEnabled: true, RotationPeriodInDays: 90 }) });
    testApi.current = api;
    expect(await rotationStatusOf(keyMeta('k2', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }))).toBeUndefined();
    expect(await rotationStatusOf(keyMeta('k3', { Origin: 'EXTERNAL' }))).toBeUndefined();
    expect(await rotationStatusOf(keyMeta('k4', { KeyState: 'PendingImport' }))).toBeUndefined();
    expect(api.calls).toHaveLength(0);
    expect(await rotationStatusOf(keyMeta('k1'))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
  });

  it('is quiet about KMSInvalidStateException, and notifies anything else', async () => {
    const show = vi.spyOn(notifications, 'show');
    testApi.current = fakeApi({ 'kms:GetKeyRotationStatus': () => { throw new KMSInvalidStateException('pending deletion'); } });
    expect(await rotationStatusOf(keyMeta('k1'))).toBeUndefined();
    expect(show).not.toHaveBeenCalled();
    testApi.current = fakeApi({ 'kms:GetKeyRotationStatus': () => { throw new KMSInternalException('boom'); } });
    expect(await rotationStatusOf(keyMeta('k1'))).toBeUndefined();
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'KMSInternalException' }));
  });
});
