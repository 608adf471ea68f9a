// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, keyMeta, resetStore, testApi, vaultStatus } from '../test/kit';
import { useStore } from './store';

vi.mock('../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }));

describe('session slice', () => {
  beforeEach(() => resetStore());

  it('starts with no vault status and reads it from vault:status', async () => {
    expect(useStore.getState().vault).toBeNull();
    testApi.current = fakeApi({ 'vault:status': () => vaultStatus({ unlocked: false }) });
    await useStore.getState().refreshVault();
    expect(useStore.getState().vault).toMatchObject({ exists: true, unlocked: false });
  });

  it('locking drops the keys and the audit pages the app loaded', async () => {
    useStore.getState().setVault(vaultStatus());
    useStore.setState({ keyRows: [{ meta: keyMeta('k1'), aliases: [], tags: [] }], keysLoaded: true, auditLoaded: true, auditTotal: 4 });
    testApi.current = fakeApi({ 'vault:lock': () => vaultStatus({ unlocked: false }) });
    await useStore.getState().lockVault();
    expect(useStore.getState()).toMatchObject({ vault: { unlocked: false }, keyRows: [], keysLoaded: false, auditLoaded: false, auditTotal: null });
  });

  it('an unlocked status keeps what was loaded', () => {
    useStore.getState().setVault(vaultStatus());
    useStore.setState({ keysLoaded: true });
    useStore.getState().setVault(vaultStatus({ idleLockMinutes: 5 }));
    expect(useStore.getState().keysLoaded).toBe(true);
  });

  it('reads and sets the clock', async () => {
    const now = new Date('2026-03-01T00:00:00Z');
    testApi.current = fakeApi({ 'clock:get': () => ({ Now: now, Virtual: true }) });
    await useStore.getState().refreshClock();
    expect(useStore.getState().clock).toEqual({ Now: now, Virtual: true });
    useStore.getState().setClock({ Now: now, Virtual: false });
    expect(useStore.getState().clock?.Virtual).toBe(false);
  });
});
