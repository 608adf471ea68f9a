/** The Keys list (metadata, aliases, rotation, tags) and its filters. Never key material. */
import type { StateCreator } from 'zustand';
import type { KeyState } from '../../src-shared/kms/enums';
import type { AliasListEntry, KeyMetadata, Tag } from '../../src-shared/kms/types';
import { call, mapLimit, notifyError } from '../api/call';
import { toNamedError } from '../api/errors';
import { collect, kmsPages } from '../api/paginate';
import type { KeyFilters, KeyRow, RotationStatus } from '../lib/keys';
import type { Store } from './store';

export interface KeysSlice {
  keyRows: KeyRow[];
  keysLoading: boolean;
  /** At least one full load finished since unlock. */
  keysLoaded: boolean;
  keyFilters: KeyFilters;
  setKeySearch(search: string): void;
  setKeyStateFilter(state: KeyState | null): void;
  loadKeys(): Promise<void>;
  /** Load once if nothing is loaded or loading (several pickers may ask at once). */
  ensureKeys(): Promise<void>;
  resetKeys(): void;
}

/** Failures that only mean "this key has no rotation status", not worth a notification. */
const QUIET_ROTATION_ERRORS = new Set(['KMSInvalidStateException', 'UnsupportedOperationException']);

async function listAllKeyIds(): Promise<string[]> {
  return collect(kmsPages('kms:ListKeys', { Limit: 1000 }), (page) => page.Keys.map((k) => k.KeyId));
}

/** Every alias in the vault, or those of one key (ListAliases, all pages). */
export async function listAllAliases(keyId?: string): Promise<AliasListEntry[]> {
  return collect(kmsPages('kms:ListAliases', { Limit: 100, ...(keyId ? { KeyId: keyId } : {}) }), (page) => page.Aliases);
}

/** Every tag of a key (ListResourceTags, all pages). */
export async function listAllTags(keyId: string): Promise<Tag[]> {
  return collect(kmsPages('kms:ListResourceTags', { KeyId: keyId, Limit: 50 }), (page) => page.Tags);
}

/** Rotation status for a symmetric KMS-origin key; undefined (quietly) where it does not apply. */
export async function rotationStatusOf(meta: KeyMetadata): Promise<RotationStatus | undefined> {
  if (meta.KeySpec !== 'SYMMETRIC_DEFAULT' || meta.Origin !== 'AWS_KMS' || meta.KeyState === 'PendingImport') return undefined;
  try {
    return await call('kms:GetKeyRotationStatus', { KeyId: meta.KeyId }, { silent: true });
  } catch (e) {
    if (!QUIET_ROTATION_ERRORS.has(toNamedError(e).name)) notifyError(e);
    return undefined;
  }
}

let generation = 0;

export const createKeysSlice: StateCreator<Store, [], [], KeysSlice> = (set, get) => ({
  keyRows: [],
  keysLoading: false,
  keysLoaded: false,
  keyFilters: { search: '', state: null },
  setKeySearch(search) {
    set((s) => ({ keyFilters: { ...s.keyFilters, search } }));
  },
  setKeyStateFilter(state) {
    set((s) => ({ keyFilters: { ...s.keyFilters, state } }));
  },
  async loadKeys() {
    const mine = ++generation;
    set({ keysLoading: true });
    try {
      const [ids, aliases] = await Promise.all([listAllKeyIds(), listAllAliases()]);
      const aliasesByKey = new Map<string, string[]>();
      for (const a of aliases) {
        if (!a.TargetKeyId) continue;
        const list = aliasesByKey.get(a.TargetKeyId) ?? [];
        list.push(a.AliasName);
        aliasesByKey.set(a.TargetKeyId, list);
      }
      const rows = await mapLimit(ids, 6, async (id): Promise<KeyRow> => {
        const { KeyMetadata: meta } = await call('kms:DescribeKey', { KeyId: id });
        const [rotation, tags] = await Promise.all([
          rotationStatusOf(meta),
          listAllTags(id).catch((): Tag[] => []), // already notified by call(); show the key without tags
        ]);
        return { meta, aliases: (aliasesByKey.get(id) ?? []).sort(), tags, ...(rotation ? { rotation } : {}) };
      });
      if (mine === generation) set({ keyRows: rows, keysLoaded: true });
    } catch {
      // Notified by call(); keep the previous rows.
    } finally {
      if (mine === generation) set({ keysLoading: false });
    }
  },
  async ensureKeys() {
    if (!get().keysLoaded && !get().keysLoading) await get().loadKeys();
  },
  resetKeys() {
    generation++;
    set({ keyRows: [], keysLoading: false, keysLoaded: false, keyFilters: { search: '', state: null } });
  },
});
