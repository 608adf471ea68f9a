/** The engine's symmetric data operations: Encrypt, Decrypt, ReEncrypt, data keys, GenerateRandom. */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src-shared/wire.js';
import { expectKms, newKey, text } from './_test-kit.js';
import { createTestEngine } from './test-harness.js';

describe('Encrypt / Decrypt', () => {
  it('round-trips with an encryption context in any order; Decrypt finds the key from the blob', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const enc = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('hello'), EncryptionContext: { a: '1', b: '2' } });
    expect(enc).toMatchObject({ KeyId: md.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const dec = await t.call('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { b: '2', a: '1' } });
    expect(utf8.decode(dec.Plaintext)).toBe('hello');
    expect(dec).toMatchObject({ KeyId: md.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: md.CurrentKeyMaterialId });
  });

  it('accepts 4096 bytes of plaintext and refuses 4097 and 0 with ValidationException', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const enc = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: new Uint8Array(4096).fill(7) });
    expect(enc.CiphertextBlob.length).toBeLessThanOrEqual(6144);
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: new Uint8Array(4097) }), 'ValidationException', /plaintext.*less than or equal to 4096/);
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: new Uint8Array(0) }), 'ValidationException');
  });

  it('a wrong, missing or extra encryption context gives InvalidCiphertextException', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x'), EncryptionContext: { purpose: 'test' } });
    for (const ctx of [undefined, {}, { purpose: 'Test' }, { Purpose: 'test' }, { purpose: 'test', extra: '' }]) {
      await expectKms(t.call('Decrypt', { CiphertextBlob, ...(ctx ? { EncryptionContext: ctx } : {}) }), 'InvalidCiphertextException');
    }
  });

  it('a changed byte anywhere in the blob gives InvalidCiphertextException (or NotFound for the key id bytes)', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('secret') });
    for (let i = 0; i < CiphertextBlob.length; i++) {
      const bad = CiphertextBlob.slice();
      bad[i]! ^= 0x01;
      // Bytes 17..32 hold the key id: a changed id names a key this vault lacks (KMS: NotFound).
      const expected = i >= 17 && i < 33 ? 'NotFoundException' : 'InvalidCiphertextException';
      await expectKms(t.call('Decrypt', { CiphertextBlob: bad }), expected);
    }
    await expectKms(t.call('Decrypt', { CiphertextBlob: CiphertextBlob.subarray(0, 40) }), 'InvalidCiphertextException');
  });

  it('a blob from another vault gives InvalidCiphertextException', async () => {
    const a = createTestEngine();
    const b = createTestEngine();
    const md = await newKey(a);
    const { CiphertextBlob } = await a.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x') });
    await expectKms(b.call('Decrypt', { CiphertextBlob }), 'InvalidCiphertextException', /^$/); // AWS's message is empty
  });

  it('a KeyId that names another key gives IncorrectKeyException; the right one in any form works', async () => {
    const t = createTestEngine();
    const k1 = await newKey(t);
    const k2 = await newKey(t);
    await t.call('CreateAlias', { AliasName: 'alias/one', TargetKeyId: k1.KeyId });
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: 'alias/one', Plaintext: text('x') });
    await expectKms(t.call('Decrypt', { CiphertextBlob, KeyId: k2.KeyId }), 'IncorrectKeyException');
    for (const id of [k1.KeyId, k1.Arn, 'alias/one']) {
      expect(utf8.decode((await t.call('Decrypt', { CiphertextBlob, KeyId: id })).Plaintext)).toBe('x');
    }
  });

  it('refuses a non-symmetric algorithm with InvalidKeyUsageException', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException');
  });

  it('disabled keys give DisabledException; pending deletion gives KMSInvalidStateException', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x') });
    await t.call('DisableKey', { KeyId: md.KeyId });
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x') }), 'DisabledException', new RegExp(`${md.Arn} is disabled`));
    await expectKms(t.call('Decrypt', { CiphertextBlob }), 'DisabledException');
    await t.call('ScheduleKeyDeletion', { KeyId: md.KeyId });
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x') }), 'KMSInvalidStateException', /pending deletion/);
    await expectKms(t.call('GenerateDataKey', { KeyId: md.KeyId, KeySpec: 'AES_256' }), 'KMSInvalidStateException');
  });

  it('DryRun runs every check, then raises DryRunOperationException', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x'), DryRun: true }), 'DryRunOperationException');
    await t.call('DisableKey', { KeyId: md.KeyId });
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x'), DryRun: true }), 'DisabledException');
  });

  it('refuses all crypto when self-tests failed', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    t.failSelfTest(true);
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: text('x') }), 'SelfTestFailedException');
    await expectKms(t.call('GenerateRandom', { NumberOfBytes: 8 }), 'SelfTestFailedException');
    await expectKms(t.call('CreateKey', {}), 'SelfTestFailedException');
  });
});

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context without exposing plaintext', async () => {
    const t = createTestEngine();
    const k1 = await newKey(t);
    const k2 = await newKey(t);
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: k1.KeyId, Plaintext: text('move me'), EncryptionContext: { v: '1' } });
    const re = await t.call('ReEncrypt', { CiphertextBlob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: k2.Arn, DestinationEncryptionContext: { v: '2' } });
    expect(re).toMatchObject({ SourceKeyId: k1.Arn, KeyId: k2.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(re).not.toHaveProperty('Plaintext');
    const dec = await t.call('Decrypt', { CiphertextBlob: re.CiphertextBlob, EncryptionContext: { v: '2' } });
    expect(utf8.decode(dec.Plaintext)).toBe('move me');
    expect(dec.KeyId).toBe(k2.Arn);
  });

  it('checks the source key id, the source context and the destination state', async () => {
    const t = createTestEngine();
    const k1 = await newKey(t);
    const k2 = await newKey(t);
    const { CiphertextBlob } = await t.call('Encrypt', { KeyId: k1.KeyId, Plaintext: text('x') });
    await expectKms(t.call('ReEncrypt', { CiphertextBlob, SourceKeyId: k2.KeyId, DestinationKeyId: k2.KeyId }), 'IncorrectKeyException');
    await expectKms(t.call('ReEncrypt', { CiphertextBlob, SourceEncryptionContext: { a: 'b' }, DestinationKeyId: k2.KeyId }), 'InvalidCiphertextException');
    await t.call('DisableKey', { KeyId: k2.KeyId });
    await expectKms(t.call('ReEncrypt', { CiphertextBlob, DestinationKeyId: k2.KeyId }), 'DisabledException');
  });
});

describe('GenerateDataKey / GenerateDataKeyWithoutPlaintext / GenerateRandom', () => {
  it('returns a data key whose ciphertext decrypts to the same plaintext', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const dk = await t.call('GenerateDataKey', { KeyId: md.KeyId, KeySpec: 'AES_256', EncryptionContext: { f: 'x' } });
    expect(dk.Plaintext.length).toBe(32);
    expect(dk.KeyId).toBe(md.Arn);
    const dec = await t.call('Decrypt', { CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { f: 'x' } });
    expect(dec.Plaintext).toEqual(dk.Plaintext);
    expect((await t.call('GenerateDataKey', { KeyId: md.KeyId, KeySpec: 'AES_128' })).Plaintext.length).toBe(16);
    expect((await t.call('GenerateDataKey', { KeyId: md.KeyId, NumberOfBytes: 1024 })).Plaintext.length).toBe(1024);
  });

  it('WithoutPlaintext returns only the encrypted key, which decrypts to the requested length', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    const dk = await t.call('GenerateDataKeyWithoutPlaintext', { KeyId: md.KeyId, NumberOfBytes: 24 });
    expect(dk).not.toHaveProperty('Plaintext');
    expect((await t.call('Decrypt', { CiphertextBlob: dk.CiphertextBlob })).Plaintext.length).toBe(24);
  });

  it('needs exactly one of KeySpec and NumberOfBytes, within 1..1024', async () => {
    const t = createTestEngine();
    const md = await newKey(t);
    await expectKms(t.call('GenerateDataKey', { KeyId: md.KeyId }), 'ValidationException', /either KeySpec or NumberOfBytes/);
    await expectKms(t.call('GenerateDataKey', { KeyId: md.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException');
    await expectKms(t.call('GenerateDataKeyWithoutPlaintext', { KeyId: md.KeyId }), 'ValidationException');
    await expectKms(t.call('GenerateDataKey', { KeyId: md.KeyId, NumberOfBytes: 1025 }), 'ValidationException', /numberOfBytes/);
  });

  it('GenerateRandom returns 1..1024 random bytes', async () => {
    const t = createTestEngine();
    const a = await t.call('GenerateRandom', { NumberOfBytes: 32 });
    const b = await t.call('GenerateRandom', { NumberOfBytes: 32 });
    expect(a.Plaintext.length).toBe(32);
    expect(a.Plaintext).not.toEqual(b.Plaintext);
    await expectKms(t.call('GenerateRandom', { NumberOfBytes: 0 }), 'ValidationException');
    await expectKms(t.call('GenerateRandom', { NumberOfBytes: 1025 }), 'ValidationException');
    await expectKms(t.call('GenerateRandom', {}), 'ValidationException');
  });
});
