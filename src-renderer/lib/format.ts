/** Display formatting for dates, money, counts and sizes. Pure: no DOM, no React. */

const pad2 = (n: number): string => String(n).padStart(2, '0');

function toDate(value: Date | string | number | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `yyyy-mm-dd hh:mm` in local time; an em dash for a missing or invalid date. */
export function formatDateTime(value: Date | string | number | undefined | null): string {
  const d = toDate(value);
  if (!d) return '—';
  return `${formatDate(d)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** `yyyy-mm-dd hh:mm:ss` in local time (audit records, where seconds matter). */
export function formatDateTimeSeconds(value: Date | string | number | undefined | null): string {
  const d = toDate(value);
  if (!d) return '—';
  return `${formatDateTime(d)}:${pad2(d.getSeconds())}`;
}

/** `yyyy-mm-dd` in local time. */
export function formatDate(value: Date | string | number | undefined | null): string {
  const d = toDate(value);
  if (!d) return '—';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** Month key `yyyy-mm` (local time), for grouping. */
export function monthKey(value: Date): string {
  return `${value.getFullYear()}-${pad2(value.getMonth() + 1)}`;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December',
] as const;

/** `2026-03` -> `March 2026`; anything else is returned unchanged. */
export function monthLabel(key: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return key;
  const name = MONTHS[Number(m[2]) - 1];
  return name ? `${name} ${m[1]}` : key;
}

/** Whole days from `from` to `to`, rounded up (a date later today counts as 1 day). */
export function daysUntil(to: Date, from: Date): number {
  return Math.ceil((to.getTime() - from.getTime()) / 86_400_000);
}

/** US dollars: 2 decimals, or 4 for non-zero amounts under a cent (prorated key-hours). */
export function formatUsd(amount: number): string {
  const abs = Math.abs(amount);
  const digits = abs > 0 && abs < 0.01 ? 4 : 2;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** 20000 -> `20,000`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1 -> `1 byte`, 4096 -> `4,096 bytes`. */
export function formatBytes(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'byte' : 'bytes'}`;
}

/** Middle-ellipsis for long identifiers in narrow cells. */
export function shorten(text: string, head = 8, tail = 4): string {
  return text.length <= head + tail + 1 ? text : `${text.slice(0, head)}…${text.slice(-tail)}`;
}

/** `<input type="datetime-local">` value (local time) -> Date, or undefined when empty/invalid. */
export function parseLocalDateTime(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `hh:mm` in local time; an em dash for a missing or invalid date. */
export function formatTime(value: Date | string | number | undefined | null): string {
  const d = toDate(value);
  if (!d) return '—';
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}
