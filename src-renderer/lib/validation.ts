/** Form checks run before a call (main validates again). Pure. */
import { PASSPHRASE_MIN } from '../../src-shared/app';
import { LIMITS } from '../../src-shared/kms/enums';

export function passphraseErrors(passphrase: string, confirm: string): { passphrase?: string; confirm?: string } {
  const out: { passphrase?: string; confirm?: string } = {};
  if (passphrase.length < PASSPHRASE_MIN) out.passphrase = `Use at least ${PASSPHRASE_MIN} characters`;
  else if (passphrase.length > 1024) out.passphrase = 'Use at most 1024 characters';
  if (confirm !== passphrase) out.confirm = 'Passphrases do not match';
  return out;
}

function intInRange(value: number | string, min: number, max: number): boolean {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max;
}

export function rotationPeriodError(value: number | string): string | null {
  return intInRange(value, LIMITS.rotationPeriodMin, LIMITS.rotationPeriodMax)
    ? null
    : `Enter a whole number of days from ${LIMITS.rotationPeriodMin} to ${LIMITS.rotationPeriodMax}`;
}

export function pendingWindowError(value: number | string): string | null {
  return intInRange(value, LIMITS.pendingWindowMin, LIMITS.pendingWindowMax)
    ? null
    : `Enter ${LIMITS.pendingWindowMin} to ${LIMITS.pendingWindowMax} days`;
}

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
