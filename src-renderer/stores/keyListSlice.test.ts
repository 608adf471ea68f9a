// @vitest-environment happy-dom
/** The Keys page's view in the store: one call per query, pages loaded once as the table reaches them, stale answers dropped. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleKeyRow } from '../../src-shared/console';
import { fakeApi, resetStore, testApi } from '../test/kit';
import { KEY_PAGE_ROWS, requestOf, DEFAULT_KEY_QUERY } from './keyListSlice';
import { useStore } from './store';

vi.mock('../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const row = (i: number): ConsoleKeyRow => ({
  KeyId: `k${i}`, Arn: `arn:aws:kms:us-east-1:111122223333:key/k${i}`, Aliases: [], Description: '', KeyState: 'Enabled',
  KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', CreationDate: new Date(0), Rotation: 'DISABLED', Tags: [],
});

function api(n: number) {
  const rows = Array.from({ length: n }, (_, i) => row(i));
  return fakeApi({
    'console:listKeys': (req) => {
      const offset = req.Offset ?? 0;
      return { Rows: rows.slice(offset, offset + (req.Limit ?? 100)), Offset: offset, Matched: n, Totals: { CUSTOMER: n, AWS: 0 } };
    },
  });
}

describe('key list slice', () => {
  beforeEach(() => resetStore());
  afterEach(() => vi.restoreAllMocks());

  it('loads a query\'s first page in one call, then each page once as the view reaches it', async () => {
    const a = api(1000);
    testApi.current = a;
    await useStore.getState().reloadKeyList();
    const s = useStore.getState().keyList;
    expect(s).toMatchObject({ matched: 1000, loaded: true, loading: false });
    expect(s.rows).toHaveLength(1000);
    expect(s.rows[KEY_PAGE_ROWS - 1]?.KeyId).toBe(`k${KEY_PAGE_ROWS - 1}`);
    expect(s.rows[KEY_PAGE_ROWS]).toBeUndefined();
    await Promise.all([useStore.getState().loadKeyRange(150, 450), useStore.getState().loadKeyRange(150, 450)]);
    expect(a.calls.map((c) => (c.request as { Offset: number }).Offset)).toEqual([0, 200, 400]);
    expect(useStore.getState().keyList.rows[449]?.KeyId).toBe('k449');
    await useStore.getState().loadKeyRange(0, 450);
    expect(a.calls).toHaveLength(3); // nothing missing, nothing asked
  });

  it('drops a page answer from an earlier query', async () => {
    testApi.current = api(1000);
    await useStore.getState().reloadKeyList();
    const slow = useStore.getState().loadKeyRange(600, 700);
    testApi.current = api(3);
    await useStore.getState().setKeyQuery({ search: 'k1' });
    await slow;
    expect(useStore.getState().keyList.rows).toHaveLength(3);
    expect(useStore.getState().keyQuery.search).toBe('k1');
  });

  it('sends only the filters that are set', () => {
    expect(requestOf(DEFAULT_KEY_QUERY, 0, 200)).toEqual({ KeyManager: 'CUSTOMER', SortBy: 'creationDate', SortOrder: 'desc', Offset: 0, Limit: 200 });
    expect(requestOf({ ...DEFAULT_KEY_QUERY, search: '  pay ', states: ['Disabled'], rotation: ['ENABLED'] }, 400, 200))
      .toMatchObject({ Search: 'pay', KeyStates: ['Disabled'], Rotation: ['ENABLED'], Offset: 400 });
  });
});
