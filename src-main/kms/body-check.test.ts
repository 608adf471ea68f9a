import { describe, expect, it } from 'vitest';
import { isFullyFormedBody } from './body-check.js';
import { serialiseState } from './model.js';
import { createTestEngine } from './test-harness.js';
import { BODY_FORMAT_VERSION, BodySchema } from './vault-body.js';

type Doc = Record<string, unknown>;

describe('the fast body check', () => {
  it('accepts what Keyward writes, exactly as the schema reads it; anything else goes to the schema', async () => {
    const t = createTestEngine();
    const { KeyMetadata: k } = await t.call('CreateKey', { Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    await t.call('CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await t.call('CreateAlias', { AliasName: 'alias/x', TargetKeyId: k.KeyId });
    await t.call('ScheduleKeyDeletion', { KeyId: k.KeyId });
    const doc = JSON.parse(new TextDecoder().decode(serialiseState(t.state))) as Doc; // our own body
    expect(isFullyFormedBody(doc, BODY_FORMAT_VERSION)).toBe(true);
    expect(BodySchema.parse(doc)).toEqual(doc);
    const keys = doc['keys'] as Doc[]; // our own body: an array of key objects
    const variants: [string, Doc][] = [
      ['a missing settings field', { ...doc, settings: { accountId: '1' } }],
      ['an unknown top-level field', { ...doc, auditKey: 'x' }],
      ['a bad enum', { ...doc, keys: [{ ...keys[0], keySpec: 'AES_999' }] }],
      ['bad base64', { ...doc, keys: [{ ...keys[0], materials: [{ id: 'm', bytes: '***', createdAt: 1 }] }] }],
      ['an older version', { ...doc, formatVersion: 2 }],
    ];
    for (const [label, v] of variants) expect(isFullyFormedBody(v, BODY_FORMAT_VERSION), label).toBe(false);
  });
});
