/** Audit log query state: filters, the pages loaded so far, and the cursor. */
import type { StateCreator } from 'zustand';
import type { AuditRecord } from '../../src-shared/audit';
import { auditPages, firstPage } from '../api/paginate';
import { auditRequest, EMPTY_AUDIT_FILTERS, type AuditFilters } from '../lib/audit';
import type { Store } from './store';

export interface AuditSlice {
  auditFilters: AuditFilters;
  auditRecords: AuditRecord[];
  auditNextCursor: string | undefined;
  auditTotal: number | null;
  auditLoading: boolean;
  auditLoaded: boolean;
  setAuditFilters(patch: Partial<AuditFilters>): void;
  runAuditQuery(): Promise<void>;
  loadMoreAudit(): Promise<void>;
  resetAudit(): void;
}

let generation = 0;

export const createAuditSlice: StateCreator<Store, [], [], AuditSlice> = (set, get) => ({
  auditFilters: EMPTY_AUDIT_FILTERS,
  auditRecords: [],
  auditNextCursor: undefined,
  auditTotal: null,
  auditLoading: false,
  auditLoaded: false,
  setAuditFilters(patch) {
    set((s) => ({ auditFilters: { ...s.auditFilters, ...patch } }));
  },
  async runAuditQuery() {
    const mine = ++generation;
    set({ auditLoading: true });
    try {
      const page = await firstPage(auditPages(auditRequest(get().auditFilters)));
      if (mine !== generation) return;
      set({ auditRecords: page.records, auditNextCursor: page.nextCursor, auditTotal: page.totalRecords, auditLoaded: true });
    } catch {
      // notified by call()
    } finally {
      if (mine === generation) set({ auditLoading: false });
    }
  },
  async loadMoreAudit() {
    const cursor = get().auditNextCursor;
    if (!cursor) return;
    const mine = ++generation;
    set({ auditLoading: true });
    try {
      const page = await firstPage(auditPages(auditRequest(get().auditFilters), { startingToken: cursor }));
      if (mine !== generation) return;
      set((s) => ({ auditRecords: [...s.auditRecords, ...page.records], auditNextCursor: page.nextCursor, auditTotal: page.totalRecords }));
    } catch {
      // notified by call()
    } finally {
      if (mine === generation) set({ auditLoading: false });
    }
  },
  resetAudit() {
    generation++;
    set({ auditFilters: EMPTY_AUDIT_FILTERS, auditRecords: [], auditNextCursor: undefined, auditTotal: null, auditLoading: false, auditLoaded: false });
  },
});
