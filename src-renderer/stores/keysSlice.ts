/**
 * The key pickers' rows (Operations, key detail): every key's metadata, aliases, rotation and
 * tags, read through console:listKeys pages (one call per 1,000 keys, src-shared/console.ts),
 * never key material. The Keys page itself pages its own view (keyListSlice.ts).
 */
import type { StateCreator } from 'zustand';
import { KEY_LIST_MAX_LIMIT, KEY_MANAGERS_LISTED } from '../../src-shared/console';
import type { AliasListEntry, KeyMetadata, Tag } from '../../src-shared/kms/types';
import { call, notifyError } from '../api/call';
import { toNamedError } from '../api/errors';
import { collect, kmsPages } from '../api/paginate';
import { keyRowOf, type KeyRow, type RotationStatus } from '../lib/keys';
import type { Store } from './store';

export interface KeysSlice {
  keyRows: KeyRow[];
  keysLoading: boolean;
  /** At least one full load finished since unlock. */
  keysLoaded: boolean;
  /** Read every key's row again (after a change the pickers must see). */
  loadKeys(): Promise<void>;
  /** Load once if nothing is loaded or loading (several pickers may ask at once). */
  ensureKeys(): Promise<void>;
  /**
   * After a change: reload the pickers' rows if they were loaded, else nothing (the Keys page
   * reads its view again when it is shown).
   */
  refreshKeys(): Promise<void>;
  resetKeys(): void;
}

/** Failures that only mean "this key has no rotation status", not worth a notification. */
const QUIET_ROTATION_ERRORS = new Set(['KMSInvalidStateException', 'UnsupportedOperationException']);

/** Every key of both managers, newest first, in pages of 1,000 rows (console:listKeys). */
async function listAllKeyRows(): Promise<KeyRow[]> {
  const rows: KeyRow[] = [];
  for (const KeyManager of KEY_MANAGERS_LISTED) {
    for (let Offset = 0; ; Offset += KEY_LIST_MAX_LIMIT) {
      const page = await call('console:listKeys', { KeyManager, Offset, Limit: KEY_LIST_MAX_LIMIT });
      for (const r of page.Rows) rows.push(keyRowOf(r));
      if (page.Rows.length < KEY_LIST_MAX_LIMIT || Offset + page.Rows.length >= page.Matched) break;
    }
  }
  return rows;
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
  async loadKeys() {
    const mine = ++generation;
    set({ keysLoading: true });
    try {
      const rows = await listAllKeyRows();
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
  async refreshKeys() {
    if (get().keysLoaded) await get().loadKeys();
  },
  resetKeys() {
    generation++;
    set({ keyRows: [], keysLoading: false, keysLoaded: false });
    get().resetKeyList();
  },
});
