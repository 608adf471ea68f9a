import { describe, expect, it } from 'vitest';
import { normaliseKeyRef, RecordIndex } from './record-index.js';

describe('normaliseKeyRef', () => {
  it.each([
    ['arn:aws:kms:us-east-1:111122223333:key/ABCD-1', 'abcd-1'],
    ['abcd-1', 'abcd-1'],
    ['arn:aws:kms:us-east-1:111122223333:alias/my:app', 'alias/my:app'],
    ['alias/My-App', 'alias/my-app'],
    ['arn:incomplete', 'arn:incomplete'],
  ])('%s -> %s', (input, want) => expect(normaliseKeyRef(input)).toBe(want));
});

describe('RecordIndex', () => {
  it('grows past its initial capacity and filters on every column', () => {
    const ix = new RecordIndex();
    for (let i = 0; i < 5000; i++) {
      ix.add({ seq: i + 1, segment: 1 + (i >> 10), offset: i * 100, length: 99, time: i * 1000, eventName: i % 2 ? 'Encrypt' : 'Decrypt', keyRefs: i % 3 ? ['k1'] : ['k2', 'alias/x'], isError: i % 5 === 0, readOnly: i % 7 !== 0 });
    }
    expect(ix.count).toBe(5000);
    expect([ix.seq(4999), ix.segment(4999), ix.offset(4999), ix.length(4999)]).toEqual([5000, 5, 499_900, 99]);
    const enc = ix.nameId('ENCRYPT')!;
    const k2 = ix.keyRefId('arn:aws:kms:r:1:key/K2')!;
    const hits = Array.from({ length: 5000 }, (_, i) => i).filter((i) => ix.matches(i, { nameId: enc, keyRefId: k2, outcome: 'error', from: 1_000_000, to: 3_000_000 }));
    expect(hits).toEqual(Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 2 === 1 && i % 3 === 0 && i % 5 === 0 && i >= 1000 && i <= 3000));
    const changes = Array.from({ length: 5000 }, (_, i) => i).filter((i) => ix.matches(i, { readOnly: false }));
    expect(changes).toEqual(Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 7 === 0));
    expect(ix.keyRefId('nope')).toBeUndefined();
    expect(ix.countBelowSeq(101)).toBe(100);
  });
});
