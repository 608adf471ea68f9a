/**
 * KmsEngine.prepare: the key pair of CreateKey and GenerateDataKeyPair(WithoutPlaintext) is
 * generated before the call runs (the router does it outside its mutex), the call uses it,
 * and whatever a refused call did not use is wiped. A request the checks already refuse
 * generates nothing, and the call answers as it would without preparation.
 */
import { describe, expect, it } from 'vitest';
import type { KmsOperation, KmsRequest } from '../../src-shared/kms/schemas.js';
import { KmsSchemas } from '../../src-shared/kms/schemas.js';
import { parseRequest } from '../../src-shared/validation.js';
import { expectKms, newKey } from './_test-kit.js';
import { PreparedKeyPair } from './key-material.js';

const LANE = { id: 'test', reserved: false };
import { createTestEngine, type TestEngine } from './test-harness.js';

/** Parse like the router, prepare, run, dispose: the router's sequence. */
async function prepared<O extends KmsOperation>(t: TestEngine, op: O, body: unknown) {
  const request = parseRequest(KmsSchemas[op], body) as KmsRequest<O>; // parsed by the op's own schema
  const prep = await t.engine.prepare(op, request, LANE);
  return {
    prep,
    run: async () => {
      try {
        return await t.engine.execute(op, request, prep);
      } finally {
        prep?.dispose();
      }
    },
  };
}

describe('KmsEngine.prepare', () => {
  it('CreateKey RSA_2048: the key gets the prepared pair, taken once', async () => {
    const t = createTestEngine();
    const request = { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' } as const;
    const prep = await t.engine.prepare('CreateKey', request, LANE);
    expect(prep?.spec).toBe('RSA_2048');
    const pair = prep!.take('RSA_2048')!; // prepared just above
    const watched = new PreparedKeyPair('RSA_2048', pair);
    const { KeyMetadata } = await t.engine.execute('CreateKey', request, watched).finally(() => watched.dispose());
    expect(watched.take('RSA_2048')).toBeUndefined();
    const { PublicKey } = await t.call('GetPublicKey', { KeyId: KeyMetadata.KeyId });
    expect(PublicKey).toEqual(pair.publicKey);
    const key = t.state.keys.get(KeyMetadata.KeyId)!; // just created
    expect(key.materials[0]!.bytes).toBe(pair.privateKey); // the very buffer, not wiped
    expect(pair.privateKey.some((b) => b !== 0)).toBe(true);
  });

  it('GenerateDataKeyPair ECC_NIST_P256: the pair is the prepared one, and its private key reaches the caller intact', async () => {
    const t = createTestEngine();
    const kek = await newKey(t);
    const { prep, run } = await prepared(t, 'GenerateDataKeyPair', { KeyId: kek.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    expect(prep?.spec).toBe('ECC_NIST_P256');
    const out = await run();
    expect(out.PrivateKeyPlaintext.some((b) => b !== 0)).toBe(true);
    const { Plaintext } = await t.call('Decrypt', { CiphertextBlob: out.PrivateKeyCiphertextBlob });
    expect(Plaintext).toEqual(out.PrivateKeyPlaintext);
  });

  it('a call refused after its pair was prepared (its KMS key disabled meanwhile) wipes the pair', async () => {
    const t = createTestEngine();
    const kek = await newKey(t);
    const request = { KeyId: kek.KeyId, KeyPairSpec: 'RSA_2048' } as const;
    const prep = await t.engine.prepare('GenerateDataKeyPairWithoutPlaintext', request, LANE);
    // Watch the private key: take it out and hand it back in a PreparedKeyPair of our own.
    const pair = prep!.take('RSA_2048')!; // prepared just above
    const watched = new PreparedKeyPair('RSA_2048', pair);
    await t.call('DisableKey', { KeyId: kek.KeyId });
    await expectKms(t.engine.execute('GenerateDataKeyPairWithoutPlaintext', request, watched).finally(() => watched.dispose()), 'DisabledException');
    expect(pair.privateKey.length).toBeGreaterThan(1000);
    expect(pair.privateKey.every((b) => b === 0)).toBe(true);
  });

  it.each([
    ['no KeyUsage for an asymmetric key', 'CreateKey', { KeySpec: 'RSA_4096' }, 'ValidationException'],
    ['a symmetric key', 'CreateKey', {}, undefined],
    ['an HMAC key', 'CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }, undefined],
    ['SM2, not offered', 'CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }, 'UnsupportedOperationException'],
    ['a KMS key that does not exist', 'GenerateDataKeyPair', { KeyId: '11111111-2222-3333-4444-555555555555', KeyPairSpec: 'RSA_4096' }, 'NotFoundException'],
    ['DryRun', 'GenerateDataKeyPair', { KeyId: 'KEK', KeyPairSpec: 'RSA_4096', DryRun: true }, 'DryRunOperationException'],
  ] as const)('prepares nothing for %s, and the call answers as without preparation', async (_label, op, body, error) => {
    const t = createTestEngine();
    const kek = await newKey(t);
    const withKey = 'KeyId' in body && body.KeyId === 'KEK' ? { ...body, KeyId: kek.KeyId } : body;
    const { prep, run } = await prepared(t, op, withKey);
    expect(prep).toBeUndefined();
    if (error) await expectKms(run(), error);
    else await run();
  });
});
