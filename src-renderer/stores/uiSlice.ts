/** UI preferences and navigation. */
import type { StateCreator } from 'zustand';
import { parseHash, routeToHash, type Route } from '../lib/route';
import type { Store } from './store';

export interface UiSlice {
  route: Route;
  /** Navbar open on narrow windows. */
  navOpened: boolean;
  /** Follow the location hash (hashchange, back/forward). */
  syncRoute(hash: string): void;
  navigate(route: Route): void;
  toggleNav(): void;
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set) => ({
  route: parseHash(typeof window === 'undefined' ? '' : window.location.hash),
  navOpened: false,
  syncRoute(hash) {
    set({ route: parseHash(hash), navOpened: false });
  },
  navigate(route) {
    const hash = routeToHash(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route, navOpened: false });
  },
  toggleNav() {
    set((s) => ({ navOpened: !s.navOpened }));
  },
});
