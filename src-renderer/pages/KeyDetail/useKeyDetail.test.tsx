// @vitest-environment happy-dom
import { renderHook, waitFor, act } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CostEstimate, KeyCost } from '../../../src-shared/app';
import { KMSInternalException, NotFoundException } from '../../../src-shared/kms/errors';
import { fakeApi, keyMeta, MantineWrapper, resetStore, testApi } from '../../test/kit';
import { useKeyDetail } from './useKeyDetail';

vi.mock('../../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const arn = (name: string) => `arn:aws:kms:us-east-1:111122223333:${name}`;
const cost: KeyCost = { KeyId: 'k1', Aliases: [], BilledHours: 10, StorageUsd: 0.01, RotationUsd: 0, Requests: 3, TotalUsd: 0.01 };

function estimate(keys: KeyCost[]): CostEstimate {
  return {
    Month: '2026-11', AsOf: new Date('2026-11-29T00:00:00Z'), Keys: keys, StorageUsd: 0, RotationUsd: 0, Requests: 0,
    FreeRequests: 0, BilledRequests: 0, RequestsUsd: 0, TotalUsd: 0, Profile: { name: 'us-east-1', source: 'AWS KMS pricing', date: '2026-01-01' },
  };
}

/** Key k1 (reached by its alias): aliases and rotations each over two pages. */
function detailApi() {
  return fakeApi({
    'kms:DescribeKey': () => ({ KeyMetadata: keyMeta('k1') }),
    'kms:ListAliases': (req) =>
      req.Marker === undefined
        ? { Aliases: [{ AliasName: 'alias/zz', AliasArn: arn('alias/zz'), TargetKeyId: 'k1' }], Truncated: true, NextMarker: 'a2' }
        : { Aliases: [{ AliasName: 'alias/aa', AliasArn: arn('alias/aa'), TargetKeyId: 'k1' }], Truncated: false },
    'kms:ListResourceTags': () => ({ Tags: [{ TagKey: 'env', TagValue: 'prod' }], Truncated: false }),
    'kms:GetKeyRotationStatus': () => ({ KeyId: 'k1', KeyRotationEnabled: false }),
    'kms:ListKeyRotations': (req) =>
      req.Marker === undefined
        ? { Rotations: [{ KeyId: 'k1', KeyMaterialId: 'm1', KeyMaterialState: 'NON_CURRENT' }], Truncated: true, NextMarker: 'r2' }
        : { Rotations: [{ KeyId: 'k1', KeyMaterialId: 'm2', KeyMaterialState: 'CURRENT' }], Truncated: false },
    'cost:estimate': () => estimate([cost]),
  });
}

describe('useKeyDetail', () => {
  beforeEach(() => resetStore());

  it('loads the key with every page of its aliases and rotations, its tags, rotation and cost', async () => {
    const api = detailApi();
    testApi.current = api;
    const { result } = renderHook(() => useKeyDetail('alias/zz'), { wrapper: MantineWrapper });
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.detail).toMatchObject({
      meta: { KeyId: 'k1' },
      aliases: ['alias/aa', 'alias/zz'],
      tags: [{ TagKey: 'env', TagValue: 'prod' }],
      rotation: { KeyRotationEnabled: false },
      rotations: [{ KeyMaterialId: 'm1' }, { KeyMaterialId: 'm2' }],
      cost,
    });
    // Side lists are asked for by the key ID DescribeKey returned, not by the alias.
    expect(api.calls.find((c) => c.channel === 'kms:ListAliases')?.request).toMatchObject({ KeyId: 'k1' });
    expect(api.calls.filter((c) => c.channel === 'kms:ListKeyRotations').map((c) => c.request)).toEqual([
      { KeyId: 'k1', IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 100 },
      { KeyId: 'k1', IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 100, Marker: 'r2' },
    ]);
  });

  it('null cost: no charges this month; absent cost: the estimate failed; failed lists show empty', async () => {
    const base = detailApi();
    testApi.current = fakeApi({ 'kms:DescribeKey': () => ({ KeyMetadata: keyMeta('k1') }), 'cost:estimate': () => estimate([]) });
    const { result } = renderHook(() => useKeyDetail('k1'), { wrapper: MantineWrapper });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    // Without handlers the side lists fail (notified) and show as empty.
    expect(result.current.detail).toMatchObject({ aliases: [], tags: [], rotations: [], cost: null });
    expect(result.current.detail).not.toHaveProperty('rotation');
    testApi.current = { invoke: (c, r) => (c === 'cost:estimate' ? Promise.reject(new KMSInternalException('no')) : base.invoke(c, r)) };
    await act(() => result.current.reload());
    expect(result.current.detail).not.toHaveProperty('cost');
    expect(result.current.detail?.aliases).toEqual(['alias/aa', 'alias/zz']);
  });

  it('is missing when DescribeKey fails first, and keeps what it showed when a reload fails', async () => {
    testApi.current = fakeApi({ 'kms:DescribeKey': () => { throw new NotFoundException('Key not found'); } });
    const missing = renderHook(() => useKeyDetail('nope'), { wrapper: MantineWrapper });
    await waitFor(() => expect(missing.result.current.status).toBe('missing'));
    expect(missing.result.current.detail).toBeNull();

    testApi.current = detailApi();
    const shown = renderHook(() => useKeyDetail('k1'), { wrapper: MantineWrapper });
    await waitFor(() => expect(shown.result.current.status).toBe('ready'));
    testApi.current = fakeApi({ 'kms:DescribeKey': () => { throw new NotFoundException('gone'); } });
    await act(() => shown.result.current.reload());
    expect(shown.result.current.status).toBe('ready');
    expect(shown.result.current.detail?.meta.KeyId).toBe('k1');
  });
});
