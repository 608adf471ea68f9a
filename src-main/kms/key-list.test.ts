/**
 * The console's Keys list over the engine's state: every filter, every sort column, paging
 * and the counts, against keys made through the engine's own operations.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleListKeysSchema, KEY_LIST_SORT_FIELDS, type ConsoleListKeysRequest } from '../../src-shared/console.js';
import { parseRequest } from '../../src-shared/validation.js';
import { DAY_MS } from '../platform/clock.js';
import { newKey } from './_test-kit.js';
import { listKeysForConsole } from './key-list.js';
import { createTestEngine, type TestEngine } from './test-harness.js';

const list = (t: TestEngine, req: ConsoleListKeysRequest = {}) => listKeysForConsole(t.state, parseRequest(ConsoleListKeysSchema, req));
const ids = (t: TestEngine, req: ConsoleListKeysRequest = {}) => list(t, req).Rows.map((r) => r.KeyId);

/** Four customer keys a day apart (a: symmetric, rotation on, alias/zeta + alias/alpha, tag owner=payments; b: HMAC, disabled; c: RSA, pending deletion; d: symmetric, no alias) and one AWS managed key. */
async function vault(): Promise<{ t: TestEngine; a: string; b: string; c: string; d: string; aws: string }> {
  const t = createTestEngine();
  const a = (await newKey(t, { Description: 'Payroll data', Tags: [{ TagKey: 'owner', TagValue: 'payments' }] })).KeyId;
  await t.call('CreateAlias', { AliasName: 'alias/zeta', TargetKeyId: a });
  await t.call('CreateAlias', { AliasName: 'alias/alpha', TargetKeyId: a });
  await t.call('EnableKeyRotation', { KeyId: a, RotationPeriodInDays: 90 });
  t.clock.advance(DAY_MS);
  const b = (await newKey(t, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Description: 'webhooks' })).KeyId;
  await t.call('CreateAlias', { AliasName: 'alias/mac', TargetKeyId: b });
  await t.call('DisableKey', { KeyId: b });
  t.clock.advance(DAY_MS);
  const c = (await newKey(t, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Description: 'release signing' })).KeyId;
  await t.call('ScheduleKeyDeletion', { KeyId: c, PendingWindowInDays: 7 });
  t.clock.advance(DAY_MS);
  const d = (await newKey(t, { Description: '' })).KeyId;
  const aws = (await t.call('DescribeKey', { KeyId: 'alias/aws/s3' })).KeyMetadata.KeyId;
  return { t, a, b, c, d, aws };
}

describe('listKeysForConsole', () => {
  it('answers every column the table shows in one row, newest first, customer keys only by default', async () => {
    const { t, a, b, c, d, aws } = await vault();
    const page = list(t);
    expect(page.Rows.map((r) => r.KeyId)).toEqual([d, c, b, a]);
    expect(page).toMatchObject({ Offset: 0, Matched: 4, Totals: { CUSTOMER: 4, AWS: 1 } });
    const rowA = page.Rows[3]!;
    expect(rowA).toMatchObject({
      KeyId: a, Arn: `arn:aws:kms:us-east-1:111122223333:key/${a}`, Aliases: ['alias/alpha', 'alias/zeta'],
      Description: 'Payroll data', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', Rotation: 'ENABLED', RotationPeriodInDays: 90,
      Tags: [{ TagKey: 'owner', TagValue: 'payments' }],
    });
    expect(rowA.CreationDate).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(rowA.NextRotationDate).toEqual(new Date(Date.parse('2026-03-01T00:00:00Z') + 90 * DAY_MS));
    const rowC = page.Rows[1]!;
    expect(rowC).toMatchObject({ KeyState: 'PendingDeletion', Rotation: 'NOT_SUPPORTED' });
    expect(rowC.DeletionDate).toBeInstanceOf(Date);
    expect(page.Rows[0]).not.toHaveProperty('DeletionDate');
    expect(ids(t, { KeyManager: 'AWS' })).toEqual([aws]);
  });

  it('never carries key material or policy text', async () => {
    const { t } = await vault();
    const json = JSON.stringify(list(t));
    expect(json).not.toMatch(/Statement|kms:\*|"bytes"|materials|policy/i);
    for (const key of t.state.keys.values()) {
      const material = Buffer.from(key.materials[0]!.bytes).toString('base64');
      expect(json).not.toContain(material);
    }
  });

  it('searches alias, id, ARN, description and tags, case-insensitively', async () => {
    const { t, a, b, c } = await vault();
    expect(ids(t, { Search: 'ALPHA' })).toEqual([a]);
    expect(ids(t, { Search: 'alias/' })).toEqual([b, a]);
    expect(ids(t, { Search: b.slice(0, 8) })).toEqual([b]);
    expect(ids(t, { Search: `key/${c}` })).toEqual([c]);
    expect(ids(t, { Search: 'release' })).toEqual([c]);
    expect(ids(t, { Search: 'payments' })).toEqual([a]);
    expect(ids(t, { Search: 'owner=pay' })).toEqual([a]);
    expect(ids(t, { Search: '  webhooks ' })).toEqual([b]);
    expect(list(t, { Search: 'nothing like it' })).toMatchObject({ Rows: [], Matched: 0, Totals: { CUSTOMER: 4, AWS: 1 } });
  });

  it('filters by state, spec, usage and rotation; an empty facet does not filter', async () => {
    const { t, a, b, c, d } = await vault();
    expect(ids(t, { KeyStates: ['Disabled'] })).toEqual([b]);
    expect(ids(t, { KeyStates: ['Enabled', 'PendingDeletion'] })).toEqual([d, c, a]);
    expect(ids(t, { KeySpecs: ['RSA_2048', 'HMAC_256'] })).toEqual([c, b]);
    expect(ids(t, { KeyUsages: ['ENCRYPT_DECRYPT'] })).toEqual([d, a]);
    expect(ids(t, { Rotation: ['ENABLED'] })).toEqual([a]);
    expect(ids(t, { Rotation: ['DISABLED'] })).toEqual([d]);
    expect(ids(t, { Rotation: ['NOT_SUPPORTED'] })).toEqual([c, b]);
    expect(ids(t, { KeyStates: [] })).toHaveLength(4);
    expect(ids(t, { KeyUsages: ['ENCRYPT_DECRYPT'], Search: 'payroll' })).toEqual([a]);
  });

  it('sorts by every column both ways, ties by key id; keys without an alias last', async () => {
    const { t, a, b, c, d } = await vault();
    expect(ids(t, { SortBy: 'alias' })).toEqual([a, b, ...[c, d].sort()]); // alias/alpha < alias/mac
    expect(ids(t, { SortBy: 'alias', SortOrder: 'desc' })).toEqual([b, a, ...[c, d].sort()]);
    expect(ids(t, { SortBy: 'creationDate' })).toEqual([a, b, c, d]);
    expect(ids(t, { SortBy: 'keyId' })).toEqual([a, b, c, d].sort());
    expect(ids(t, { SortBy: 'keyId', SortOrder: 'desc' })).toEqual([a, b, c, d].sort().reverse());
    expect(ids(t, { SortBy: 'keyState' })).toEqual([b, ...[a, d].sort(), c]); // Disabled, Enabled, PendingDeletion
    expect(ids(t, { SortBy: 'keySpec' })).toEqual([b, c, ...[a, d].sort()]); // HMAC_256, RSA_2048, SYMMETRIC_DEFAULT
    expect(ids(t, { SortBy: 'keyUsage', SortOrder: 'desc' })).toEqual([c, b, ...[a, d].sort()]); // SIGN_VERIFY, GENERATE_VERIFY_MAC, ENCRYPT_DECRYPT
    expect(ids(t, { SortBy: 'description' })).toEqual([d, a, c, b]); // '', Payroll, release, webhooks (code-unit order)
    expect(ids(t, { SortBy: 'rotation' })).toEqual([a, d, ...[b, c].sort()]);
    for (const by of KEY_LIST_SORT_FIELDS) expect(ids(t, { SortBy: by })).toHaveLength(4);
  });

  it('pages with Offset and Limit over the sorted matches, with the count of all matches', async () => {
    const t = createTestEngine();
    const made: string[] = [];
    for (let i = 0; i < 25; i++) {
      made.push((await newKey(t)).KeyId);
      t.clock.advance(1000);
    }
    const newestFirst = [...made].reverse();
    const p1 = list(t, { Limit: 10 });
    const p3 = list(t, { Limit: 10, Offset: 20 });
    expect(p1.Rows.map((r) => r.KeyId)).toEqual(newestFirst.slice(0, 10));
    expect(p3).toMatchObject({ Offset: 20, Matched: 25 });
    expect(p3.Rows.map((r) => r.KeyId)).toEqual(newestFirst.slice(20));
    expect(list(t, { Offset: 100 })).toMatchObject({ Rows: [], Matched: 25 });
    expect(list(t).Rows).toHaveLength(25);
  });

  it('refuses a Limit above 1000 and unknown facet values at the schema', () => {
    expect(() => parseRequest(ConsoleListKeysSchema, { Limit: 1001 })).toThrow(/less than or equal to 1000/);
    expect(() => parseRequest(ConsoleListKeysSchema, { KeyStates: ['Lost'] })).toThrow();
    expect(() => parseRequest(ConsoleListKeysSchema, { SortBy: 'policy' })).toThrow();
  });
});
