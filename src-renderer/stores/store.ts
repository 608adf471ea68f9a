/**
 * One zustand store, one slice per feature (zustand's slices pattern). Nothing secret is
 * ever put here: no key bytes, plaintexts, data keys or passphrases. Those stay in the
 * component state of the page that asked for them.
 */
import { create } from 'zustand';
import { createAuditSlice, type AuditSlice } from './auditSlice';
import { createKeyListSlice, type KeyListSlice } from './keyListSlice';
import { createKeysSlice, type KeysSlice } from './keysSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type Store = SessionSlice & KeysSlice & KeyListSlice & AuditSlice & UiSlice;

export const useStore = create<Store>()((...a) => ({
  ...createSessionSlice(...a),
  ...createKeysSlice(...a),
  ...createKeyListSlice(...a),
  ...createAuditSlice(...a),
  ...createUiSlice(...a),
}));
