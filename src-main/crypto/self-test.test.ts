import { describe, expect, it } from 'vitest';
import { __TESTS, runSelfTests } from './self-test.js';

describe('crypto self-tests', () => {
  it('pass on this platform and record when they ran', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const report = runSelfTests(at);
    expect(report.results.map((r) => [r.name, r.ok])).toEqual(__TESTS.CHECKS.map(([n]) => [n, true]));
    expect(report).toMatchObject({ ok: true, at });
  });

  it('report which check failed when one does', () => {
    const broken: typeof __TESTS.CHECKS = [...__TESTS.CHECKS, ['Broken primitive', () => { throw new Error('known answer mismatch'); }]];
    const report = runSelfTests(new Date(), broken);
    expect(report.ok).toBe(false);
    expect(report.results.filter((r) => !r.ok)).toEqual([{ name: 'Broken primitive', ok: false, error: 'known answer mismatch' }]);
  });
});
