/** Audit log query state: filters, the pages loaded so far, and the cursor. */
import type { StateCreator } from 'zustand';
import type { AuditRecord } from '../../src-shared/audit';
import type { RequestOf } from '../../src-shared/contract';
import { call } from '../api/call';
import { parseLocalDateTime } from '../lib/format';
import type { Store } from './store';

export type AuditOutcome = 'all' | 'success' | 'error';

export interface AuditFilters {
  text: string;
  eventName: string | null;
  keyId: string;
  outcome: AuditOutcome;
  /** `datetime-local` input values (local time), '' for none. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { text: '', eventName: null, keyId: '', outcome: 'all', from: '', to: '' };
export const AUDIT_PAGE_SIZE = 100;

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

/** Filters -> audit:query request (empty fields omitted). */
export function auditRequest(f: AuditFilters, cursor?: string): RequestOf<'audit:query'> {
  const from = parseLocalDateTime(f.from);
  const to = parseLocalDateTime(f.to);
  return {
    limit: AUDIT_PAGE_SIZE,
    outcome: f.outcome,
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.eventName ? { eventName: f.eventName } : {}),
    ...(f.keyId.trim() ? { keyId: f.keyId.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(cursor ? { cursor } : {}),
  };
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
      const page = await call('audit:query', auditRequest(get().auditFilters));
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
      const page = await call('audit:query', auditRequest(get().auditFilters, cursor));
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
