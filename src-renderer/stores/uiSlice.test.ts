// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { resetStore } from '../test/kit';
import { useStore } from './store';

describe('ui slice', () => {
  beforeEach(() => {
    resetStore();
    window.location.hash = '';
  });

  it('navigate writes the route to the location hash and closes the navbar', () => {
    useStore.getState().toggleNav();
    expect(useStore.getState().navOpened).toBe(true);
    useStore.getState().navigate({ page: 'key', keyId: 'k1' });
    expect(useStore.getState()).toMatchObject({ route: { page: 'key', keyId: 'k1' }, navOpened: false });
    expect(window.location.hash).toContain('k1');
  });

  it('syncRoute follows the hash (back and forward)', () => {
    useStore.getState().syncRoute('#/audit');
    expect(useStore.getState().route).toEqual({ page: 'audit' });
  });
});
