/**
 * The vault body's schema and migrations, against a body from the first format
 * (vault/fixtures/v1-body.json, the plaintext of vault/fixtures/v1-body.kwv).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { VaultCorruptedException } from '../../src-shared/kms/errors.js';
import { deserialiseState, emptyState, serialiseState } from './model.js';
import { BODY_FORMAT_VERSION, decodeBody, MIGRATIONS } from './vault-body.js';

const V1_BYTES = new Uint8Array(readFileSync(join(import.meta.dirname, '../vault/fixtures/v1-body.json')));
const te = new TextEncoder();
const td = new TextDecoder();
type Json = Record<string, unknown>;
const v1 = (): Json => JSON.parse(td.decode(V1_BYTES)) as Json; // the fixture is a JSON object (checked below)
const bodyOf = (doc: unknown): Uint8Array => te.encode(JSON.stringify(doc));

describe('vault body: the first format migrates', () => {
  it('the fixture is a version 1 body', () => {
    expect(v1()['formatVersion']).toBe(1);
    expect(BODY_FORMAT_VERSION).toBe(3);
  });

  it('every version below the current one has a migration step', () => {
    for (let v = 1; v < BODY_FORMAT_VERSION; v++) expect(MIGRATIONS[v], `step from ${v}`).toBeTypeOf('function');
  });

  it('opens with every field intact', () => {
    const s = deserialiseState(V1_BYTES);
    expect(s.formatVersion).toBe(BODY_FORMAT_VERSION);
    expect(s.vaultId).toBe('3f1e6c52-9a4b-4c1d-8e2f-0a1b2c3d4e5f');
    expect(s.settings).toEqual({ accountId: '444455556666', region: 'eu-west-1', idleLockMinutes: 30, apiEnabled: true, apiPort: 4600 });
    const keys = [...s.keys.values()];
    expect(keys.map((k) => [k.keySpec, k.keyUsage, k.state, k.materials.length])).toEqual([
      ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'Enabled', 2],
      ['RSA_2048', 'SIGN_VERIFY', 'Enabled', 1],
      ['ECC_NIST_P256', 'SIGN_VERIFY', 'Disabled', 1],
      ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'PendingDeletion', 1],
    ]);
    const [sym, rsa, ecc, doomed] = keys;
    expect(sym?.tags).toEqual([{ TagKey: 'team', TagValue: 'storage' }, { TagKey: 'env', TagValue: 'fixture' }]);
    expect(sym?.rotation).toMatchObject({ enabled: true, periodDays: 180, onDemandCount: 1 });
    expect(sym?.materials.map((m) => [m.bytes.length, m.rotationType])).toEqual([[32, undefined], [32, 'ON_DEMAND']]);
    expect(rsa?.materials[0]?.publicKey?.length).toBeGreaterThan(250);
    expect(ecc?.materials[0]?.publicKey?.length).toBe(91);
    expect(ecc?.tags).toEqual([{ TagKey: 'k', TagValue: 'v' }]);
    expect(doomed?.deletionDate).toBeTypeOf('number');
    expect(doomed?.pendingWindowInDays).toBe(7);
    expect([...s.aliases.values()]).toEqual([expect.objectContaining({ aliasName: 'alias/fixture-sym', targetKeyId: sym?.keyId })]);
    expect(s.deletedKeys).toEqual([
      { keyId: '0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a', creationDate: 1767225600000, pendingDeletionSince: 1769904000000, deletedAt: 1770508800000, rotationDates: [1768435200000] },
    ]);
    const stored = (v1()['accessKeys'] as Json[])[0]!; // the fixture holds one access key
    const ak = s.accessKeys.get(stored['accessKeyId'] as string); // a string in the fixture
    expect(td.decode(ak!.secret)).toBe(stored['secret']);
    expect(ak).toMatchObject({ description: 'fixture ci', createdAt: 1772323200000 });
    expect(s.auditAnchor).toEqual({ seq: 42, hash: 'ab'.repeat(32) });
  });

  it('round-trips: written as the current version, with every field of the old body', () => {
    const state = deserialiseState(V1_BYTES);
    const written = serialiseState(state);
    const expected = v1();
    expected['formatVersion'] = BODY_FORMAT_VERSION;
    expected['accessKeys'] = (expected['accessKeys'] as Json[]).map((a) => ({ ...a, secret: base64.encode(te.encode(a['secret'] as string)) })); // v2 stores it as base64
    expect(JSON.parse(td.decode(written))).toEqual(expected);
    expect(deserialiseState(written)).toEqual(state);
  });
});

describe('vault body: refused bodies', () => {
  const refused = (bytes: Uint8Array, message: RegExp) => {
    expect(() => decodeBody(bytes)).toThrow(VaultCorruptedException);
    expect(() => decodeBody(bytes)).toThrow(message);
  };

  it('a body from a newer Keyward', () => refused(bodyOf({ ...v1(), formatVersion: BODY_FORMAT_VERSION + 1 }), /newer Keyward/));
  it('a body without a format version', () => refused(bodyOf({ ...v1(), formatVersion: undefined }), /no format version/));
  it('a body that is not JSON', () => refused(te.encode('{"formatVersion":'), /not JSON/));
  it('a body that is not an object', () => refused(te.encode('[1]'), /not a JSON object/));
  it('a key with an unknown spec', () => {
    const doc = v1();
    (doc['keys'] as Json[])[0]!['keySpec'] = 'AES_512'; // the fixture has keys
    refused(bodyOf(doc), /field keys\.0\.keySpec/);
  });
  it('material that is not base64', () => {
    const doc = v1();
    ((doc['keys'] as Json[])[0]!['materials'] as Json[])[0]!['bytes'] = 'not base64!'; // the fixture's first key has material
    refused(bodyOf(doc), /field keys\.0\.materials\.0\.bytes/);
  });
});

describe('vault body: fields added later read as their defaults', () => {
  it('settings, access keys and deleted keys', () => {
    const doc = JSON.parse(td.decode(serialiseState(emptyState('v')))) as Json; // our own body
    delete doc['accessKeys'];
    delete doc['deletedKeys'];
    doc['settings'] = { accountId: '444455556666' };
    const s = deserialiseState(bodyOf(doc));
    expect(s.settings).toEqual({ accountId: '444455556666', region: 'us-east-1', idleLockMinutes: 15, apiEnabled: false, apiPort: 4599 });
    expect(s.accessKeys.size).toBe(0);
    expect(s.deletedKeys).toEqual([]);
  });
});
