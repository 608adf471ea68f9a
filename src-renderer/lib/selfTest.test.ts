import { describe, expect, it } from 'vitest';
import { selfTestBadge } from './selfTest';

const at = new Date(2026, 2, 14, 9, 5);

describe('selfTestBadge', () => {
  it('is green with the time of the last passing run', () => {
    expect(selfTestBadge({ Ok: true, At: at, Results: [{ Name: 'AES-256-GCM', Ok: true }] })).toEqual({ label: 'Self-tests passed at 09:05', color: 'teal', ok: true });
  });
  it('is red naming the first failed test', () => {
    const report = { Ok: false, At: at, Results: [{ Name: 'SHA-256', Ok: true }, { Name: 'ECDSA P-256', Ok: false, Error: 'KAT mismatch' }, { Name: 'Ed25519', Ok: false }] };
    expect(selfTestBadge(report)).toEqual({ label: 'Self-test failed: ECDSA P-256', color: 'red', ok: false });
  });
  it('is gray when the status could not be read', () => {
    expect(selfTestBadge(null).color).toBe('gray');
  });
});
