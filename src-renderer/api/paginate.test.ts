// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidMarkerException } from '../../src-shared/kms/errors';
import { fakeApi, testApi } from '../test/kit';
import { auditPages, collect, firstPage, kmsPages } from './paginate';

vi.mock('./client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

const aliases = (names: string[]) => names.map((n) => ({ AliasName: `alias/${n}`, AliasArn: `arn:aws:kms:us-east-1:111122223333:alias/${n}` }));

describe('paginate', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    // Three pages: Marker "" -> m1 -> m2 -> end.
    api = fakeApi({
      'kms:ListAliases': (req) => {
        if (req.Marker === undefined) return { Aliases: aliases(['a', 'b']), Truncated: true, NextMarker: 'm1' };
        if (req.Marker === 'm1') return { Aliases: aliases(['c']), Truncated: true, NextMarker: 'm2' };
        if (req.Marker === 'm2') return { Aliases: aliases(['d']), Truncated: false };
        throw new InvalidMarkerException(`bad marker ${req.Marker}`);
      },
      'audit:query': (req) => ({ records: [], totalRecords: 7, ...(req.cursor === undefined ? { nextCursor: 'c1' } : {}) }),
    });
    testApi.current = api;
  });

  it('follows NextMarker while Truncated, sending the request with each Marker', async () => {
    const all = await collect(kmsPages('kms:ListAliases', { Limit: 2, KeyId: 'k' }), (p) => p.Aliases.map((a) => a.AliasName));
    expect(all).toEqual(['alias/a', 'alias/b', 'alias/c', 'alias/d']);
    expect(api.calls.map((c) => c.request)).toEqual([{ Limit: 2, KeyId: 'k' }, { Limit: 2, KeyId: 'k', Marker: 'm1' }, { Limit: 2, KeyId: 'k', Marker: 'm2' }]);
  });

  it('starts at startingToken', async () => {
    const all = await collect(kmsPages('kms:ListAliases', { Limit: 2 }, { startingToken: 'm2' }), (p) => p.Aliases);
    expect(all.map((a) => a.AliasName)).toEqual(['alias/d']);
    expect(api.calls).toHaveLength(1);
  });

  it('fetches a page only when asked for it', async () => {
    const first = await firstPage(kmsPages('kms:ListAliases', { Limit: 2 }));
    expect(first.NextMarker).toBe('m1');
    expect(api.calls).toHaveLength(1);
  });

  it('stops when the service returns the token it was given', async () => {
    api = fakeApi({ 'kms:ListKeys': () => ({ Keys: [], Truncated: true, NextMarker: 'same' }) });
    testApi.current = api;
    const pages = await collect(kmsPages('kms:ListKeys', { Limit: 10 }), (p) => [p]);
    expect(pages).toHaveLength(2); // first page, then the page for "same", which names itself again
  });

  it('throws the failing page\'s exception', async () => {
    await expect(collect(kmsPages('kms:ListAliases', {}, { startingToken: 'zz', call: { silent: true } }), (p) => p.Aliases)).rejects.toBeInstanceOf(InvalidMarkerException);
  });

  it('pages the audit log by cursor', async () => {
    const pages = await collect(auditPages({ limit: 1 }), (p) => [p.nextCursor]);
    expect(pages).toEqual(['c1', undefined]);
    expect(api.calls.map((c) => c.request)).toEqual([{ limit: 1 }, { limit: 1, cursor: 'c1' }]);
  });
});
