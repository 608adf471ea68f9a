import { describe, expect, it } from 'vitest';
import type { VaultState } from '../kms/model.js';
import { keyArnsOf } from './key-refs.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN2 = 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';

/** A vault state that counts every read of it (a resolution reads it); it holds no key. */
function countingState(): { state: VaultState; reads: () => number } {
  let reads = 0;
  const state = new Proxy({}, { get: () => { reads += 1; return undefined; } }) as VaultState; // a stand-in that only counts reads
  return { state, reads: () => reads };
}

describe('keyArnsOf: the key is resolved once per request', () => {
  it('takes the key from the answer when the engine already named it (Encrypt, ReEncrypt, DescribeKey)', () => {
    const { state, reads } = countingState();
    expect(keyArnsOf(state, { KeyId: 'alias/app' }, { KeyId: ARN, CiphertextBlob: new Uint8Array(1) })).toEqual([ARN]);
    expect(keyArnsOf(state, { SourceKeyId: 'alias/a', DestinationKeyId: 'alias/b' }, { KeyId: ARN2, SourceKeyId: ARN })).toEqual([ARN2, ARN]);
    expect(keyArnsOf(state, { KeyId: 'alias/app' }, { KeyMetadata: { Arn: ARN } })).toEqual([ARN]);
    expect(reads()).toBe(0);
  });

  it('resolves the request when the answer does not name the key (a failed call, CreateAlias)', () => {
    const { state, reads } = countingState();
    expect(keyArnsOf(state, { KeyId: 'alias/app' }, undefined)).toEqual([]);
    expect(reads()).toBeGreaterThan(0);
    const before = reads();
    keyArnsOf(state, { TargetKeyId: ARN, AliasName: 'alias/x' }, {});
    expect(reads()).toBeGreaterThan(before);
  });
});
