/** Hash routes (`#/keys/<id>`): back/forward work and nothing depends on a server. Pure. */

export type Page = 'keys' | 'key' | 'operations' | 'schedule' | 'costs' | 'audit' | 'settings';

export type Route =
  | { page: 'keys' }
  | { page: 'key'; keyId: string }
  | { page: 'operations' }
  | { page: 'schedule' }
  | { page: 'costs' }
  | { page: 'audit' }
  | { page: 'settings' };

const SIMPLE: Record<string, Route> = {
  keys: { page: 'keys' },
  operations: { page: 'operations' },
  schedule: { page: 'schedule' },
  costs: { page: 'costs' },
  audit: { page: 'audit' },
  settings: { page: 'settings' },
};

export const DEFAULT_ROUTE: Route = { page: 'keys' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '');
  if (parts[0] === 'keys' && parts.length === 2 && parts[1]) {
    try {
      return { page: 'key', keyId: decodeURIComponent(parts[1]) };
    } catch {
      return DEFAULT_ROUTE;
    }
  }
  if (parts.length === 1 && parts[0] !== undefined) return SIMPLE[parts[0]] ?? DEFAULT_ROUTE;
  return DEFAULT_ROUTE;
}

export function routeToHash(route: Route): string {
  if (route.page === 'key') return `#/keys/${encodeURIComponent(route.keyId)}`;
  return `#/${route.page}`;
}
