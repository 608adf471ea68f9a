// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../src-shared/audit';
import { KMSInternalException } from '../../src-shared/kms/errors';
import { fakeApi, resetStore, testApi } from '../test/kit';
import { useStore } from './store';

vi.mock('../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

/** Just enough of a record to tell pages apart; the slice never reads inside one. */
function record(eventID: string): AuditRecord {
  return { eventID } as unknown as AuditRecord; // the slice stores records as it gets them
}

/** Three records, two a page, newest first; cursor "p2" names the second page. */
function auditApi() {
  return fakeApi({
    'audit:query': (req) =>
      req.cursor === 'p2'
        ? { records: [record('r3')], totalRecords: 3 }
        : { records: [record('r1'), record('r2')], nextCursor: 'p2', totalRecords: 3 },
  });
}

describe('audit slice', () => {
  beforeEach(() => {
    resetStore();
    testApi.current = auditApi();
  });

  it('runs the query with the filters, then loads more by cursor', async () => {
    const api = auditApi();
    testApi.current = api;
    useStore.getState().setAuditFilters({ text: ' Encrypt ', outcome: 'error' });
    await useStore.getState().runAuditQuery();
    expect(useStore.getState()).toMatchObject({ auditTotal: 3, auditNextCursor: 'p2', auditLoaded: true, auditLoading: false });
    expect(api.calls[0]?.request).toMatchObject({ text: 'Encrypt', outcome: 'error' });
    await useStore.getState().loadMoreAudit();
    expect(useStore.getState().auditRecords.map((r) => r.eventID)).toEqual(['r1', 'r2', 'r3']);
    expect(useStore.getState().auditNextCursor).toBeUndefined();
    expect(api.calls[1]?.request).toMatchObject({ text: 'Encrypt', outcome: 'error', cursor: 'p2' });
    await useStore.getState().loadMoreAudit(); // no cursor: nothing to ask
    expect(api.calls).toHaveLength(2);
  });

  it('a new query replaces the records; a failed one keeps them', async () => {
    await useStore.getState().runAuditQuery();
    await useStore.getState().loadMoreAudit();
    await useStore.getState().runAuditQuery();
    expect(useStore.getState().auditRecords.map((r) => r.eventID)).toEqual(['r1', 'r2']);
    testApi.current = fakeApi({ 'audit:query': () => { throw new KMSInternalException('no'); } });
    await useStore.getState().runAuditQuery();
    expect(useStore.getState().auditRecords).toHaveLength(2);
    expect(useStore.getState().auditLoading).toBe(false);
  });

  it('ignores an answer that arrives after a reset', async () => {
    const pending = useStore.getState().runAuditQuery();
    useStore.getState().resetAudit();
    await pending;
    expect(useStore.getState()).toMatchObject({ auditRecords: [], auditLoaded: false, auditTotal: null });
  });
});
