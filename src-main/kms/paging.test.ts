import { describe, expect, it } from 'vitest';
import { paginate, paginateSorted } from './paging.js';
import { trackedMapOf } from './tracked.js';

/** A deterministic pseudo-random sequence (xorshift32), so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('per-page listing', () => {
  it('paginateSorted over kept-sorted ids answers as paginate over the sorted whole, at every page and after deletions', () => {
    const r = rng(7);
    const map = trackedMapOf<number>([]);
    const extra = ['alias/aws/ebs', 'alias/aws/s3', 'zz'];
    const sortedIds = map.sorted(); // built once, then maintained by set/delete
    for (let i = 0; i < 400; i++) map.set(`k-${Math.floor(r() * 1e6).toString(36)}`, i);
    for (const id of [...map.keys()].filter(() => r() < 0.2)) map.delete(id);
    expect(sortedIds).toBe(map.sorted());
    const whole = [...map.keys(), ...extra].sort();
    for (const limit of [1, 7, 100, 1000]) {
      let marker: string | undefined;
      let a: string[] = [];
      let b: string[] = [];
      do {
        const p1 = paginate(whole, (x) => x, limit, marker);
        const p2 = paginateSorted([map.sorted(), extra], limit, marker);
        expect(p2).toEqual(p1);
        a = a.concat(p1.items);
        b = b.concat(p2.items);
        marker = p1.NextMarker;
        if (marker && r() < 0.3) map.delete([...map.keys()][0]!); // a key deleted between pages
        whole.splice(0, whole.length, ...[...map.keys(), ...extra].sort());
      } while (marker);
      expect(b).toEqual(a);
    }
  });

  it('refuses a marker it did not issue', () => {
    expect(() => paginateSorted([['a']], 1, 'nope')).toThrow(/marker is not valid/);
  });
});
