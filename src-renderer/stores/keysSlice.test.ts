// @vitest-environment happy-dom
import { notifications } from '@mantine/notifications';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KMSInvalidStateException, KMSInternalException, NotFoundException } from '../../src-shared/kms/errors';
import { fakeApi, keyMeta, resetStore, testApi } from '../test/kit';
import { rotationStatusOf } from './keysSlice';
import { useStore } from './store';

vi.mock('../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const arn = (name: string) => `arn:aws:kms:us-east-1:111122223333:${name}`;

/** Two keys over two ListKeys pages; k1 has two aliases and a tag, k2 is HMAC (no rotation). */
function vaultApi() {
  return fakeApi({
    'kms:ListKeys': (req) =>
      req.Marker === undefined
        ? { Keys: [{ KeyId: 'k1', KeyArn: arn('key/k1') }], Truncated: true, NextMarker: 'p2' }
        : { Keys: [{ KeyId: 'k2', KeyArn: arn('key/k2') }], Truncated: false },
    'kms:ListAliases': () => ({
      Aliases: [
        { AliasName: 'alias/zeta', AliasArn: arn('alias/zeta'), TargetKeyId: 'k1' },
        { AliasName: 'alias/alpha', AliasArn: arn('alias/alpha'), TargetKeyId: 'k1' },
        { AliasName: 'alias/aws/s3', AliasArn: arn('alias/aws/s3') },
      ],
      Truncated: false,
    }),
    'kms:DescribeKey': (req) => ({
      KeyMetadata: req.KeyId === 'k1' ? keyMeta('k1') : keyMeta('k2', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    }),
    'kms:GetKeyRotationStatus': (req) => ({ KeyId: req.KeyId, KeyRotationEnabled: true, RotationPeriodInDays: 90 }),
    'kms:ListResourceTags': (req) => ({ Tags: req.KeyId === 'k1' ? [{ TagKey: 'owner', TagValue: 'payments' }] : [], Truncated: false }),
  });
}

describe('keys slice', () => {
  beforeEach(() => {
    resetStore();
    testApi.current = vaultApi();
  });
  afterEach(() => vi.restoreAllMocks());

  it('loads every key with its sorted aliases, tags and rotation', async () => {
    await useStore.getState().loadKeys();
    const s = useStore.getState();
    expect(s.keysLoaded).toBe(true);
    expect(s.keysLoading).toBe(false);
    expect(s.keyRows.map((r) => r.meta.KeyId)).toEqual(['k1', 'k2']);
    expect(s.keyRows[0]).toMatchObject({ aliases: ['alias/alpha', 'alias/zeta'], tags: [{ TagKey: 'owner', TagValue: 'payments' }], rotation: { KeyRotationEnabled: true } });
    expect(s.keyRows[1]).toMatchObject({ aliases: [], tags: [] });
    expect(s.keyRows[1]).not.toHaveProperty('rotation');
  });

  it('keeps the rows it had when a reload fails, and says so once', async () => {
    await useStore.getState().loadKeys();
    const show = vi.spyOn(notifications, 'show');
    testApi.current = fakeApi({ 'kms:ListKeys': () => { throw new KMSInternalException('disk on fire'); }, 'kms:ListAliases': () => ({ Aliases: [], Truncated: false }) });
    await useStore.getState().loadKeys();
    expect(useStore.getState().keyRows).toHaveLength(2);
    expect(useStore.getState().keysLoading).toBe(false);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ title: 'KMSInternalException', message: 'disk on fire' }));
  });

  it('shows a key without tags when its tags fail to load', async () => {
    const api = vaultApi();
    testApi.current = { invoke: (c, r) => (c === 'kms:ListResourceTags' ? Promise.reject(new NotFoundException('gone')) : api.invoke(c, r)) };
    await useStore.getState().loadKeys();
    expect(useStore.getState().keyRows.map((r) => r.tags)).toEqual([[], []]);
  });

  it('ensureKeys loads once, resetKeys forgets', async () => {
    const api = vaultApi();
    testApi.current = api;
    await Promise.all([useStore.getState().ensureKeys(), useStore.getState().ensureKeys()]);
    await useStore.getState().ensureKeys();
    expect(api.channels().filter((c) => c === 'kms:ListKeys')).toHaveLength(2); // two pages, one load
    useStore.getState().setKeySearch('pay');
    useStore.getState().resetKeys();
    expect(useStore.getState()).toMatchObject({ keyRows: [], keysLoaded: false, keyFilters: { search: '', state: null } });
  });

  it('drops an answer that a reset made stale', async () => {
    const pending = useStore.getState().loadKeys();
    useStore.getState().resetKeys();
    await pending;
    expect(useStore.getState().keyRows).toEqual([]);
    expect(useStore.getState().keysLoaded).toBe(false);
  });

  it('sets the search and state filters', () => {
    useStore.getState().setKeySearch('alpha');
    useStore.getState().setKeyStateFilter('Disabled');
    expect(useStore.getState().keyFilters).toEqual({ search: 'alpha', state: 'Disabled' });
  });
});

describe('rotationStatusOf', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks only for symmetric AWS_KMS keys that are not pending import', async () => {
    const api = vaultApi();
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
