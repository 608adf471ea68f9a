/** Vault status and the clock: what decides between the gate and the app. No secrets. */
import type { StateCreator } from 'zustand';
import type { ClockState, VaultStatus } from '../../src-shared/app';
import { call } from '../api/call';
import type { Store } from './store';

export interface SessionSlice {
  /** null until the first vault:status answer. */
  vault: VaultStatus | null;
  clock: ClockState | null;
  setVault(status: VaultStatus): void;
  refreshVault(options?: { polling?: boolean }): Promise<void>;
  refreshClock(): Promise<void>;
  setClock(clock: ClockState): void;
  lockVault(): Promise<void>;
}

export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = (set, get) => ({
  vault: null,
  clock: null,
  setVault(status) {
    const wasUnlocked = get().vault?.unlocked === true;
    set({ vault: status });
    // Locked (by the user or idle auto-lock in main): drop everything the pages loaded.
    if (wasUnlocked && !status.unlocked) {
      get().resetKeys();
      get().resetAudit();
    }
  },
  async refreshVault(options = {}) {
    const status = await call('vault:status', {}, options.polling ? { notificationId: 'vault-status-poll' } : {});
    get().setVault(status);
  },
  async refreshClock() {
    set({ clock: await call('clock:get', {}) });
  },
  setClock(clock) {
    set({ clock });
  },
  async lockVault() {
    get().setVault(await call('vault:lock', {}));
  },
});
