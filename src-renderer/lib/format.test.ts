import { describe, expect, it } from 'vitest';
import {
  daysUntil, formatBytes, formatCount, formatDate, formatDateTime, formatDateTimeSeconds, formatUsd, monthKey,
  monthLabel, parseLocalDateTime, shorten,
} from './format';

describe('dates', () => {
  const d = new Date(2026, 2, 5, 9, 7, 3); // local time
  it('formats yyyy-mm-dd hh:mm with zero padding', () => {
    expect(formatDateTime(d)).toBe('2026-03-05 09:07');
    expect(formatDateTimeSeconds(d)).toBe('2026-03-05 09:07:03');
    expect(formatDate(d)).toBe('2026-03-05');
  });
  it('shows an em dash for missing or invalid dates', () => {
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
  it('accepts ISO strings', () => {
    const iso = d.toISOString();
    expect(formatDateTime(iso)).toBe('2026-03-05 09:07');
  });
  it('month keys and labels', () => {
    expect(monthKey(d)).toBe('2026-03');
    expect(monthLabel('2026-03')).toBe('March 2026');
    expect(monthLabel('2026-13')).toBe('2026-13');
    expect(monthLabel('soon')).toBe('soon');
  });
  it('daysUntil rounds up partial days', () => {
    expect(daysUntil(new Date(2026, 0, 2, 1), new Date(2026, 0, 1, 23))).toBe(1);
    expect(daysUntil(new Date(2026, 0, 11), new Date(2026, 0, 1))).toBe(10);
  });
  it('parses datetime-local input values as local time', () => {
    expect(parseLocalDateTime('2026-03-05T09:07')?.getTime()).toBe(new Date(2026, 2, 5, 9, 7).getTime());
    expect(parseLocalDateTime('2026-03-05T09:07:30')?.getSeconds()).toBe(30);
    expect(parseLocalDateTime('')).toBeUndefined();
    expect(parseLocalDateTime('yesterday')).toBeUndefined();
  });
});

describe('numbers', () => {
  it('money with 2 decimals, 4 under a cent', () => {
    expect(formatUsd(1)).toBe('$1.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0013)).toBe('$0.0013');
  });
  it('counts and byte sizes', () => {
    expect(formatCount(20000)).toBe('20,000');
    expect(formatBytes(4096)).toBe('4,096 bytes');
    expect(formatBytes(1)).toBe('1 byte');
  });
  it('shortens long ids in the middle', () => {
    expect(shorten('abcdefghijklmnopqrstuvwxyz')).toBe('abcdefgh…wxyz');
    expect(shorten('short')).toBe('short');
  });
});
