import { describe, expect, it } from 'vitest';
import { newRow, optionalContext, recordToRows, rowsToRecord } from './keyValue';

describe('rowsToRecord (context editor)', () => {
  it('turns rows into a map and skips blank rows', () => {
    const r = rowsToRecord([newRow('purpose', 'backup'), newRow(), newRow('dept', '')]);
    expect(r).toEqual({ ok: true, value: { purpose: 'backup', dept: '' } });
  });
  it('keeps keys and values exactly as typed (the context is matched exactly)', () => {
    expect(rowsToRecord([newRow(' a ', ' b ')])).toEqual({ ok: true, value: { ' a ': ' b ' } });
  });
  it('refuses a value without a key, naming the row', () => {
    const r = rowsToRecord([newRow('a', '1'), newRow('', 'orphan')], { keyLabel: 'Context key' });
    expect(r).toEqual({ ok: false, error: 'Context key is empty in row 2', rowIndex: 1 });
  });
  it('refuses duplicate keys', () => {
    const r = rowsToRecord([newRow('a', '1'), newRow('a', '2')]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBe('Key "a" appears twice');
  });
  it('enforces tag length limits when given', () => {
    const r = rowsToRecord([newRow('k'.repeat(129), 'v')], { keyLabel: 'Tag key', maxKeyLength: 128 });
    expect(!r.ok && r.error).toMatch(/longer than 128/);
    const v = rowsToRecord([newRow('k', 'v'.repeat(257))], { maxValueLength: 256 });
    expect(!v.ok && v.error).toMatch(/Value in row 1/);
  });
  it('an empty map means no context', () => {
    expect(optionalContext({})).toBeUndefined();
    expect(optionalContext({ a: '1' })).toEqual({ a: '1' });
  });
  it('recordToRows sorts by key and round-trips', () => {
    const rows = recordToRows({ b: '2', a: '1' });
    expect(rows.map((r) => r.key)).toEqual(['a', 'b']);
    expect(rowsToRecord(rows)).toEqual({ ok: true, value: { a: '1', b: '2' } });
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
  });
});
