import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto/hash.js';
import { hmacSha256 } from '../crypto/hmac.js';
import { canonicalJson, chainHash, checkLink, GENESIS_HASH, isKeyed, parseStoredRecord, sealRecord, sealRecordLine, type UnsealedRecord } from './chain.js';

const event = (name: string): UnsealedRecord => ({
  eventVersion: '1.08',
  eventTime: '2026-01-01T00:00:00.000Z',
  eventSource: 'kms.amazonaws.com',
  eventName: name,
  eventType: 'AwsApiCall',
  awsRegion: 'us-east-1',
  sourceIPAddress: 'keyward-desktop',
  userAgent: 'test',
  userIdentity: { type: 'IAMUser', principalId: 'keyward-desktop', arn: 'arn:aws:iam::111122223333:user/keyward-desktop', accountId: '111122223333' },
  requestParameters: { keyId: 'k', encryptionContext: { b: '2', a: '1' } },
  responseElements: null,
  requestID: 'r',
  eventID: 'e',
  readOnly: false,
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });
  it('omits undefined properties as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
  it('refuses binary, Dates, bigint and non-finite numbers with a TypeError', () => {
    for (const bad of [new Uint8Array(1), { x: Buffer.from('a') }, new Date(0), 1n, Number.NaN, Infinity]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
    }
  });
  it('gives the same text however keys were ordered', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"a":2}'))).toBe(canonicalJson({ a: 2, b: 1 }));
  });
});

describe('sealRecord / checkLink', () => {
  it('hashes prevHash + newline + canonical record without chain.hash', () => {
    const r = sealRecord(event('Encrypt'), 1, GENESIS_HASH);
    const body = canonicalJson({ ...event('Encrypt'), chain: { seq: 1, prevHash: GENESIS_HASH } });
    expect(r.chain.hash).toBe(sha256Hex(`${GENESIS_HASH}\n${body}`));
    expect(chainHash(r)).toBe(r.chain.hash);
    expect(parseStoredRecord(canonicalJson(r))).toEqual(r);
  });
  it('sealRecordLine gives exactly canonicalJson(record), whatever the key order', () => {
    const reversed = Object.fromEntries(Object.entries(event('Sign')).reverse()) as UnsealedRecord; // same fields, reordered
    for (const e of [event('Encrypt'), reversed, { ...event('x'), errorCode: 'E', resources: [] }]) {
      const { record, line } = sealRecordLine(e, 7, 'a'.repeat(64));
      expect(line).toBe(canonicalJson(record));
      expect(chainHash(record)).toBe(record.chain.hash);
    }
  });
  it('detects an edit, a wrong seq and a broken link', () => {
    const a = sealRecord(event('Encrypt'), 1, GENESIS_HASH);
    const b = sealRecord(event('Decrypt'), 2, a.chain.hash);
    expect(checkLink(a, 1, GENESIS_HASH)).toBeUndefined();
    expect(checkLink(b, 2, a.chain.hash)).toBeUndefined();
    expect(checkLink({ ...b, eventName: 'Encrypt' }, 2, a.chain.hash)).toMatch(/hash mismatch/);
    expect(checkLink(b, 1, GENESIS_HASH)).toMatch(/expected record 1, found 2/);
    expect(checkLink(b, 2, GENESIS_HASH)).toMatch(/prevHash mismatch/);
  });
  it('refuses a bad seq or prevHash', () => {
    expect(() => sealRecord(event('x'), 0, GENESIS_HASH)).toThrow(RangeError);
    expect(() => sealRecord(event('x'), 1, 'abc')).toThrow(RangeError);
  });
  it('parseStoredRecord rejects lines that are not records', () => {
    for (const line of ['', '{', '[]', '{"chain":{}}', '{"chain":{"seq":1,"prevHash":"a","hash":"b"}}']) {
      expect(parseStoredRecord(line)).toBeUndefined();
    }
  });
});

describe('the keyed chain (HMAC-SHA256 under the audit key)', () => {
  const key = new Uint8Array(32).fill(7);
  it('hashes prevHash + newline + canonical record (chain with alg, no hash) with HMAC-SHA256', () => {
    const { record, line } = sealRecordLine(event('Encrypt'), 1, GENESIS_HASH, key);
    expect(record.chain.alg).toBe('HMAC-SHA256');
    expect(isKeyed(record)).toBe(true);
    const body = canonicalJson({ ...event('Encrypt'), chain: { alg: 'HMAC-SHA256', seq: 1, prevHash: GENESIS_HASH } });
    expect(record.chain.hash).toBe(Buffer.from(hmacSha256(key, `${GENESIS_HASH}\n${body}`)).toString('hex'));
    expect(line).toBe(canonicalJson(record));
    expect(chainHash(record, key)).toBe(record.chain.hash);
    expect(parseStoredRecord(line)).toEqual(record);
  });
  it('cannot be checked without the key, and fails under another key or after an edit', () => {
    const r = sealRecord(event('Encrypt'), 1, GENESIS_HASH, key);
    expect(chainHash(r)).toBeUndefined();
    expect(checkLink(r, 1, GENESIS_HASH, true)).toBeUndefined(); // links only, without the key
    expect(checkLink(r, 1, GENESIS_HASH, true, key)).toBeUndefined();
    expect(checkLink(r, 1, GENESIS_HASH, true, new Uint8Array(32))).toMatch(/MAC mismatch/);
    expect(checkLink({ ...r, eventName: 'Decrypt' }, 1, GENESIS_HASH, true, key)).toMatch(/record 1 was changed or forged/);
  });
  it('a SHA-256 hash recomputed by someone without the key does not pass as a MAC', () => {
    const r = sealRecord(event('Encrypt'), 1, GENESIS_HASH, key);
    const body = canonicalJson({ ...r, eventName: 'Forged', chain: { alg: 'HMAC-SHA256', seq: 1, prevHash: GENESIS_HASH } });
    const forged = { ...r, eventName: 'Forged', chain: { ...r.chain, hash: sha256Hex(GENESIS_HASH, '\n', body) } };
    expect(checkLink(forged, 1, GENESIS_HASH, true, key)).toMatch(/MAC mismatch/);
  });
  it('refuses an unknown alg when parsing', () => {
    const line = canonicalJson(sealRecord(event('x'), 1, GENESIS_HASH, key)).replace('HMAC-SHA256', 'none');
    expect(parseStoredRecord(line)).toBeUndefined();
  });
});
