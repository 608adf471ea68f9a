import { describe, expect, it } from 'vitest';
import { passphraseErrors, pendingWindowError, rotationPeriodError } from './validation';

describe('form validation', () => {
  it('passphrase: length and confirmation', () => {
    expect(passphraseErrors('short', 'short')).toEqual({ passphrase: 'Use at least 8 characters' });
    expect(passphraseErrors('long enough', 'different')).toEqual({ confirm: 'Passphrases do not match' });
    expect(passphraseErrors('long enough', 'long enough')).toEqual({});
  });
  it('rotation period 90–2560 whole days', () => {
    expect(rotationPeriodError(365)).toBeNull();
    expect(rotationPeriodError(89)).not.toBeNull();
    expect(rotationPeriodError(2561)).not.toBeNull();
    expect(rotationPeriodError('')).not.toBeNull();
    expect(rotationPeriodError(100.5)).not.toBeNull();
  });
  it('deletion waiting period 7–30 days', () => {
    expect(pendingWindowError(7)).toBeNull();
    expect(pendingWindowError(30)).toBeNull();
    expect(pendingWindowError(6)).not.toBeNull();
    expect(pendingWindowError(31)).not.toBeNull();
  });
});
