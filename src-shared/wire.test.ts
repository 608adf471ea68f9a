import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditQuerySchema } from './audit.js';
import { ChannelSchemas } from './contract.js';
import { KMS_OPERATIONS, KmsJsonSchemas } from './kms/schemas.js';
import { parseRequest } from './validation.js';
import {
  base64Field, base64ToBytes, bytesToBase32, bytesToBase64, bytesToBase64Url, bytesToHex, decodeTyped, encodeJson, encodeTyped,
  hexToBytes, isoDateField, jsonFormOf, utf8,
} from './wire.js';

// RFC 4648 §10 test vectors.
const RFC4648: [string, string, string, string][] = [
  ['', '', '', ''],
  ['f', 'Zg==', 'MY======', '66'],
  ['fo', 'Zm8=', 'MZXQ====', '666f'],
  ['foo', 'Zm9v', 'MZXW6===', '666f6f'],
  ['foob', 'Zm9vYg==', 'MZXW6YQ=', '666f6f62'],
  ['fooba', 'Zm9vYmE=', 'MZXW6YTB', '666f6f6261'],
  ['foobar', 'Zm9vYmFy', 'MZXW6YTBOI======', '666f6f626172'],
];

describe('encodings (RFC 4648, from @scure/base)', () => {
  it('match the RFC 4648 §10 vectors both ways', () => {
    for (const [text, b64, b32, hex] of RFC4648) {
      const bytes = utf8.encode(text);
      expect(bytesToBase64(bytes)).toBe(b64);
      expect(base64ToBytes(b64)).toEqual(bytes);
      expect(bytesToBase32(bytes)).toBe(b32);
      expect(bytesToHex(bytes)).toBe(hex);
      expect(hexToBytes(hex.toUpperCase())).toEqual(bytes);
    }
    expect(bytesToBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('refuse non-canonical or malformed text with RangeError', () => {
    for (const bad of ['Zg', 'Zh==', 'Zm9v\n', 'Zm 9v', '!!!!', 'Zm9v=']) expect(() => base64ToBytes(bad), bad).toThrow(RangeError);
    for (const bad of ['6', '6g', 'xyz0']) expect(() => hexToBytes(bad), bad).toThrow(RangeError);
  });
});

describe('JSON forms: one codec per binary or date field kind', () => {
  const bytes = base64Field(z.instanceof(Uint8Array).refine((b) => b.length <= 4, 'too long'), 'Member must be binary data');
  const date = isoDateField(z.date(), 'Member must be a date');

  it('base64 <-> Uint8Array round-trips, and the structured checks still apply', () => {
    const b = new Uint8Array([0, 127, 255]);
    expect(z.encode(bytes, b)).toBe('AH//');
    expect(z.decode(bytes, 'AH//')).toEqual(b);
    expect(z.decode(bytes, b)).toBe(b);
    expect(z.safeDecode(bytes, 'AAAAAAAA').error?.issues.map((i) => i.message)).toEqual(['too long']);
    for (const bad of ['AH/', { $b64: 'AH//' }, 5, null]) expect(bytes.safeParse(bad).error?.issues.map((i) => i.message), String(bad)).toEqual(['Member must be binary data']);
  });

  it('ISO 8601 <-> Date round-trips; other strings are refused', () => {
    const d = new Date('2026-01-02T03:04:05.678Z');
    expect(z.encode(date, d)).toBe('2026-01-02T03:04:05.678Z');
    expect(z.decode(date, '2026-01-02T03:04:05.678Z')).toEqual(d);
    expect(z.decode(date, d)).toBe(d);
    for (const bad of ['yesterday', '2026-01-02', 1_700_000_000, { $date: '2026-01-02T03:04:05.678Z' }]) expect(date.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('audit:query decodes ISO text on JSON transports only; structured callers keep Date', () => {
    const from = new Date('2026-01-01T00:00:00.000Z');
    expect(jsonFormOf(AuditQuerySchema)).not.toBe(AuditQuerySchema);
    expect(parseRequest(AuditQuerySchema, { from: '2026-01-01T00:00:00.000Z' }, 'json')).toEqual({ from });
    expect(parseRequest(AuditQuerySchema, { from }, 'json')).toEqual({ from });
    expect(parseRequest(AuditQuerySchema, { from })).toEqual({ from });
    expect(() => parseRequest(AuditQuerySchema, { from: '2026-01-01T00:00:00.000Z' })).toThrow(/validation error/);
  });

  it('the router\'s channel schemas find their JSON forms (every kms: channel and audit:query)', () => {
    for (const op of KMS_OPERATIONS) expect(jsonFormOf(ChannelSchemas[`kms:${op}`]), op).toBe(KmsJsonSchemas[op]);
    expect(jsonFormOf(ChannelSchemas['audit:query'])).not.toBe(ChannelSchemas['audit:query']);
  });

  it('schemas without binary or date fields are their own JSON form', () => {
    const plain = z.object({ a: z.string() });
    expect(jsonFormOf(plain)).toBe(plain);
  });
});

describe('bridge replies: types listed beside the data', () => {
  it('round-trips Uint8Array and Date at any depth, in arrays and objects', () => {
    const result = {
      ok: true,
      value: { Blob: new Uint8Array([1, 2, 3]), At: new Date(0), List: [{ B: new Uint8Array([]) }, 'x', 3, null], Nested: { When: new Date(1_700_000_000_000), Flag: false } },
    };
    const text = encodeTyped(result);
    expect(JSON.parse(text)).toMatchObject({ value: { Blob: 'AQID', At: '1970-01-01T00:00:00.000Z' } });
    expect(decodeTyped(text)).toEqual(result);
  });

  it('never reads data as a type: objects like {"$b64": ...} and strings stay what they are', () => {
    const result = { ok: true, value: { Context: { $b64: 'AAAA', $date: '2020-01-01T00:00:00.000Z' }, Text: '$b64', types: 'a field named types' } };
    const back = decodeTyped(encodeTyped({ ok: true, value: result.value }));
    expect(back).toEqual(result);
  });

  it('refuses marks that name nothing or a non-string, and bad JSON', () => {
    expect(() => decodeTyped('{"ok":true,"value":{},"types":[[["value","x"],"bytes"]]}')).toThrow(RangeError);
    expect(() => decodeTyped('{"ok":true,"value":{"x":1},"types":[[["value","x"],"date"]]}')).toThrow(RangeError);
    expect(() => decodeTyped('{"ok":true,"value":{},"types":[[[],"bytes"]]}')).toThrow(RangeError);
    expect(() => decodeTyped('{"ok":true,"value":{},"types":[[["value"],"regexp"]]}')).toThrow(RangeError);
    expect(() => decodeTyped('{')).toThrow(SyntaxError);
  });

  it('requests go as plain JSON: base64 for bytes, ISO 8601 for dates', () => {
    expect(JSON.parse(encodeJson({ channel: 'kms:Encrypt', request: { Plaintext: new Uint8Array([9]), When: new Date(0) } }))).toEqual({
      channel: 'kms:Encrypt',
      request: { Plaintext: 'CQ==', When: '1970-01-01T00:00:00.000Z' },
    });
  });
});
