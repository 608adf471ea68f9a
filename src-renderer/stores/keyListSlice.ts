/**
 * The Keys page's view: the query (search, facets, sort, manager tab) and the rows loaded so
 * far, by position. Each query is one console:listKeys call for its first page; further pages
 * load as the table scrolls to them. Only metadata, aliases and tags; never key material.
 */
import type { StateCreator } from 'zustand';
import type {
  ConsoleKeyRow, ConsoleListKeysRequest, KeyListSortField, KeyManagerListed, RotationFilter,
} from '../../src-shared/console';
import type { KeySpec, KeyState, KeyUsage } from '../../src-shared/kms/enums';
import { call } from '../api/call';
import type { Store } from './store';

/** What the Keys page asks for. */
export interface KeyQuery {
  search: string;
  states: KeyState[];
  specs: KeySpec[];
  usages: KeyUsage[];
  rotation: RotationFilter[];
  manager: KeyManagerListed;
  sortBy: KeyListSortField;
  sortOrder: 'asc' | 'desc';
}

/** Newest customer managed keys first, nothing filtered. */
export const DEFAULT_KEY_QUERY: KeyQuery = {
  search: '', states: [], specs: [], usages: [], rotation: [], manager: 'CUSTOMER', sortBy: 'creationDate', sortOrder: 'desc',
};

/** Rows per call: a screenful many times over, so scrolling asks rarely. */
export const KEY_PAGE_ROWS = 200;

/** The rows of the current query, by position; a position not loaded yet is undefined. */
export interface KeyListView {
  rows: (ConsoleKeyRow | undefined)[];
  /** Keys matching the query. */
  matched: number;
  /** Keys of each manager (the tabs). */
  totals: Record<KeyManagerListed, number>;
  /** The current query's first page arrived. */
  loaded: boolean;
  /** The search text the rows answer (the query's, once its first page arrived). */
  search: string;
  /** A call for this view is under way. */
  loading: boolean;
}

export interface KeyListSlice {
  keyQuery: KeyQuery;
  keyList: KeyListView;
  /** Change the query and load its first page (one call); the rows shown stay until it arrives. */
  setKeyQuery(patch: Partial<KeyQuery>): Promise<void>;
  /** Make sure rows [start, end) are loaded, one call per missing page. */
  loadKeyRange(start: number, end: number): Promise<void>;
  /** Load the current query again from its first page. */
  reloadKeyList(): Promise<void>;
  resetKeyList(): void;
}

const EMPTY_VIEW: KeyListView = { rows: [], matched: 0, totals: { CUSTOMER: 0, AWS: 0 }, loaded: false, loading: false, search: '' };

/** The console:listKeys request for a query's page. */
export function requestOf(q: KeyQuery, offset: number, limit: number): ConsoleListKeysRequest {
  const r: ConsoleListKeysRequest = { KeyManager: q.manager, SortBy: q.sortBy, SortOrder: q.sortOrder, Offset: offset, Limit: limit };
  if (q.search.trim() !== '') r.Search = q.search.trim();
  if (q.states.length) r.KeyStates = q.states;
  if (q.specs.length) r.KeySpecs = q.specs;
  if (q.usages.length) r.KeyUsages = q.usages;
  if (q.rotation.length) r.Rotation = q.rotation;
  return r;
}

/** Bumped by every new query and reset: answers to older ones are dropped. */
let generation = 0;
/** Pages of the current generation asked for and not yet answered. */
const inFlight = new Set<number>();

export const createKeyListSlice: StateCreator<Store, [], [], KeyListSlice> = (set, get) => {
  async function loadFirstPage(): Promise<void> {
    const mine = ++generation;
    inFlight.clear();
    set((s) => ({ keyList: { ...s.keyList, loading: true } }));
    try {
      const query = get().keyQuery;
      const page = await call('console:listKeys', requestOf(query, 0, KEY_PAGE_ROWS));
      if (mine !== generation) return;
      const rows = new Array<ConsoleKeyRow | undefined>(page.Matched);
      for (let i = 0; i < page.Rows.length; i++) rows[i] = page.Rows[i];
      set({ keyList: { rows, matched: page.Matched, totals: page.Totals, loaded: true, loading: false, search: query.search } });
    } catch {
      // Notified by call(); keep the rows shown.
      if (mine === generation) set((s) => ({ keyList: { ...s.keyList, loading: false } }));
    }
  }

  async function loadPage(index: number): Promise<void> {
    const mine = generation;
    inFlight.add(index);
    set((s) => ({ keyList: { ...s.keyList, loading: true } }));
    try {
      const page = await call('console:listKeys', requestOf(get().keyQuery, index * KEY_PAGE_ROWS, KEY_PAGE_ROWS));
      if (mine !== generation) return;
      set((s) => {
        const rows = s.keyList.rows.slice();
        if (page.Matched !== rows.length) rows.length = page.Matched; // keys came or went meanwhile
        for (let i = 0; i < page.Rows.length; i++) rows[page.Offset + i] = page.Rows[i];
        return { keyList: { ...s.keyList, rows, matched: page.Matched, totals: page.Totals } };
      });
    } catch {
      // Notified by call(); the rows stay placeholders until scrolled to again.
    } finally {
      if (mine === generation) {
        inFlight.delete(index);
        if (inFlight.size === 0) set((s) => ({ keyList: { ...s.keyList, loading: false } }));
      }
    }
  }

  return {
    keyQuery: DEFAULT_KEY_QUERY,
    keyList: EMPTY_VIEW,
    async setKeyQuery(patch) {
      set((s) => ({ keyQuery: { ...s.keyQuery, ...patch } }));
      await loadFirstPage();
    },
    async loadKeyRange(start, end) {
      const { rows, loaded } = get().keyList;
      if (!loaded) return;
      const last = Math.min(end, rows.length) - 1;
      const wanted: number[] = [];
      for (let p = Math.floor(Math.max(0, start) / KEY_PAGE_ROWS); p * KEY_PAGE_ROWS <= last; p++) {
        if (inFlight.has(p)) continue;
        const from = p * KEY_PAGE_ROWS;
        const to = Math.min(from + KEY_PAGE_ROWS, rows.length);
        for (let i = Math.max(from, start); i < Math.min(to, end); i++) {
          if (rows[i] === undefined) {
            wanted.push(p);
            break;
          }
        }
      }
      await Promise.all(wanted.map(loadPage));
    },
    reloadKeyList: loadFirstPage,
    resetKeyList() {
      generation++;
      inFlight.clear();
      set({ keyQuery: DEFAULT_KEY_QUERY, keyList: EMPTY_VIEW });
    },
  };
};
