/** Key/value rows as edited in the UI (encryption context, tags) and their validation. */

export interface KeyValueRow {
  /** Stable React key; not part of the data. */
  id: number;
  key: string;
  value: string;
}

let nextRowId = 1;
export function newRow(key = '', value = ''): KeyValueRow {
  return { id: nextRowId++, key, value };
}

export type RowsResult =
  | { ok: true; value: Record<string, string> }
  | { ok: false; error: string; rowIndex: number };

export interface RowsOptions {
  /** Name used in messages, e.g. "Context key" or "Tag key". */
  keyLabel?: string;
  /** Longest key accepted (tags: 128). */
  maxKeyLength?: number;
  /** Longest value accepted (tags: 256). */
  maxValueLength?: number;
}

/**
 * Rows -> map. Rows with neither key nor value are ignored (the editor keeps a blank row);
 * a value without a key, or the same key twice, is an error that names the row. Keys are
 * taken as typed: an encryption context is matched exactly, so no trimming.
 */
export function rowsToRecord(rows: readonly KeyValueRow[], options: RowsOptions = {}): RowsResult {
  const label = options.keyLabel ?? 'Key';
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    if (row.key === '' && row.value === '') continue;
    if (row.key === '') return { ok: false, error: `${label} is empty in row ${i + 1}`, rowIndex: i };
    if (seen.has(row.key)) return { ok: false, error: `${label} "${row.key}" appears twice`, rowIndex: i };
    if (options.maxKeyLength !== undefined && row.key.length > options.maxKeyLength) {
      return { ok: false, error: `${label} in row ${i + 1} is longer than ${options.maxKeyLength} characters`, rowIndex: i };
    }
    if (options.maxValueLength !== undefined && row.value.length > options.maxValueLength) {
      return { ok: false, error: `Value in row ${i + 1} is longer than ${options.maxValueLength} characters`, rowIndex: i };
    }
    seen.add(row.key);
    out[row.key] = row.value;
  }
  return { ok: true, value: out };
}

/** Map -> rows, sorted by key, for showing an existing context or tag set. */
export function recordToRows(record: Record<string, string>): KeyValueRow[] {
  return Object.keys(record)
    .sort()
    .map((k) => newRow(k, record[k] ?? ''));
}

/** An empty map means "no encryption context": omit the field rather than send {}. */
export function optionalContext(record: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(record).length === 0 ? undefined : record;
}
