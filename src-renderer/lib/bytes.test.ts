import { describe, expect, it } from 'vitest';
import { bytesToHex, decodeForDisplay, parseBase64Input, utf8Bytes, utf8Length } from './bytes';

describe('decodeForDisplay', () => {
  it('shows valid UTF-8 as text', () => {
    expect(decodeForDisplay(utf8Bytes('héllo ✓'))).toEqual({ text: 'héllo ✓', encoding: 'utf-8' });
  });
  it('falls back to hex for invalid UTF-8', () => {
    expect(decodeForDisplay(new Uint8Array([0xff, 0x00, 0x10]))).toEqual({ text: 'ff0010', encoding: 'hex' });
  });
  it('hex pads each byte', () => {
    expect(bytesToHex(new Uint8Array([0, 1, 171]))).toBe('0001ab');
  });
});

describe('parseBase64Input', () => {
  it('accepts padded base64 with whitespace and line breaks', () => {
    const r = parseBase64Input(' aGVs\nbG8= ');
    expect(r.ok && new TextDecoder().decode(r.value)).toBe('hello');
  });
  it('restores missing padding and accepts URL-safe characters', () => {
    const r = parseBase64Input('aGVsbG8');
    expect(r.ok && new TextDecoder().decode(r.value)).toBe('hello');
    const u = parseBase64Input('-_8');
    expect(u.ok && Array.from(u.value)).toEqual([0xfb, 0xff]);
  });
  it('rejects empty input, impossible lengths and foreign characters', () => {
    expect(parseBase64Input('   ')).toEqual({ ok: false, error: 'Enter base64 text' });
    expect(parseBase64Input('abcde').ok).toBe(false);
    expect(parseBase64Input('ab$d').ok).toBe(false);
  });
  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('')).toBe(0);
  });
});
