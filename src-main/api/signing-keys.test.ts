import { Sha256 } from '@aws-crypto/sha256-js';
import { getSigningKey } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { deriveSigningKey, SigningKeyCache } from './signing-keys.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('SigV4 signing keys', () => {
  it('derives the key the AWS SDK signer derives (independent SHA-256)', async () => {
    for (const [date, region] of [['20150830', 'us-east-1'], ['20240229', 'eu-west-3']] as const) {
      const expected = await getSigningKey(Sha256, { accessKeyId: 'AKID', secretAccessKey: SECRET }, date, region, 'kms');
      expect(deriveSigningKey(SECRET, date, region, 'kms')).toEqual(new Uint8Array(expected));
    }
  });

  it('reuses a key for the same access key, secret and scope; a new secret or scope derives anew', () => {
    const cache = new SigningKeyCache();
    const a = cache.get('AKID', SECRET, '20240101', 'us-east-1', 'kms');
    expect(cache.get('AKID', SECRET, '20240101', 'us-east-1', 'kms')).toBe(a);
    expect(cache.get('AKID', SECRET, '20240102', 'us-east-1', 'kms')).not.toEqual(a);
    // The same access key id with another secret (deleted and reissued) never gets the old key.
    const other = cache.get('AKID', 'another secret', '20240101', 'us-east-1', 'kms');
    expect(other).toEqual(deriveSigningKey('another secret', '20240101', 'us-east-1', 'kms'));
    expect(a.every((b) => b === 0)).toBe(true); // the replaced key was wiped
  });

  it('wipes every key when the vault locks, and the keys of deleted access keys', () => {
    const cache = new SigningKeyCache();
    const secrets = new Map([['AK1', 's1'], ['AK2', 's2']]);
    let unlocked = true;
    const auth = { unlocked: () => unlocked, secretOf: (id: string) => secrets.get(id) };
    const k1 = cache.get('AK1', 's1', '20240101', 'us-east-1', 'kms');
    const k2 = cache.get('AK2', 's2', '20240101', 'us-east-1', 'kms');
    secrets.delete('AK1');
    cache.sweep(auth);
    expect(cache.size).toBe(1);
    expect(k1.every((b) => b === 0)).toBe(true);
    expect(k2.some((b) => b !== 0)).toBe(true);
    unlocked = false;
    cache.sweep(auth);
    expect(cache.size).toBe(0);
    expect(k2.every((b) => b === 0)).toBe(true);
  });

  it('is bounded: the least recently used key goes first', () => {
    const cache = new SigningKeyCache(2);
    const first = cache.get('AK1', 's', '20240101', 'us-east-1', 'kms');
    cache.get('AK2', 's', '20240101', 'us-east-1', 'kms');
    cache.get('AK1', 's', '20240101', 'us-east-1', 'kms'); // AK1 used again: AK2 is now the oldest
    cache.get('AK3', 's', '20240101', 'us-east-1', 'kms');
    expect(cache.size).toBe(2);
    expect(cache.get('AK1', 's', '20240101', 'us-east-1', 'kms')).toBe(first);
  });
});
