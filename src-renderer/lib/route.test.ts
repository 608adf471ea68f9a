import { describe, expect, it } from 'vitest';
import { parseHash, routeToHash } from './route';

describe('hash routes', () => {
  it('round-trips every page', () => {
    for (const page of ['keys', 'operations', 'schedule', 'costs', 'audit', 'settings'] as const) {
      expect(parseHash(routeToHash({ page }))).toEqual({ page });
    }
    expect(parseHash(routeToHash({ page: 'key', keyId: 'a/b c' }))).toEqual({ page: 'key', keyId: 'a/b c' });
  });
  it('falls back to Keys for empty, unknown and token hashes', () => {
    expect(parseHash('')).toEqual({ page: 'keys' });
    expect(parseHash('#/nope')).toEqual({ page: 'keys' });
    expect(parseHash('#token=abc')).toEqual({ page: 'keys' });
    expect(parseHash('#/keys/%E0%A4%A')).toEqual({ page: 'keys' });
  });
});
