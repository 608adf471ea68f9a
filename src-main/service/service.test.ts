import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testServiceOptions } from '../testing/service-kit.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel, ChannelResult, RequestOf, ResponseOf } from '../../src-shared/contract.js';
import { unwrap } from '../../src-shared/result.js';
import { bytesToBase64, utf8 } from '../../src-shared/wire.js';
import { nodeFileIO, type AuditFileIO } from '../audit/segment-io.js';
import { VirtualClock, type Clock } from '../platform/clock.js';
import { FakeKeychain, tempDir } from '../testing/vault-kit.js';
import { type Keychain } from '../vault/keychain.js';
import { createKeywardService } from './service.js';
import type { CallerContext } from './types.js';

const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
const PASS = 'correct horse battery staple';
/** Request schemas take Uint8Array<ArrayBuffer>; utf8.encode and responses give Uint8Array. A copy bridges the two. */
const bin = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) await c();
});

async function setup(opts: { clock?: Clock; keychain?: Keychain; io?: AuditFileIO } = {}) {
  const { dir, cleanup } = await tempDir();
  const make = () => createKeywardService(testServiceOptions(dir, {
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.keychain ? { keychain: opts.keychain } : {}),
    audit: { syncIntervalMs: 0, ...(opts.io ? { io: opts.io } : {}) },
  }));
  const svc = await make();
  cleanups.push(async () => {
    await svc.close();
    await cleanup();
  });
  /** Untrusted input, as a transport passes it. */
  const call = async (channel: string, payload: unknown = {}) => svc.handle(channel, payload, UI);
  /** A typed in-process call; throws the named exception on failure. */
  const ok = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => unwrap(await svc.invoke(channel, request, UI));
  return { dir, svc, call, ok, make };
}

function expectError(r: ChannelResult, name: string): void {
  expect(r.ok ? 'ok' : r.error.name).toBe(name);
}

async function auditText(dir: string): Promise<string> {
  const files = await readdir(join(dir, 'audit'));
  const parts = await Promise.all(files.map((f) => readFile(join(dir, 'audit', f), 'utf8')));
  return parts.join('\n');
}

describe('service: the path from a call to the vault', () => {
  it('create vault, create key, encrypt, decrypt, lock, unlock: the key and ciphertext survive', async () => {
    const { ok, call } = await setup();
    expect(await ok('vault:status', {})).toMatchObject({ exists: false, unlocked: false });
    expect(await ok('vault:create', { Passphrase: PASS })).toMatchObject({ exists: true, unlocked: true });
    const { KeyMetadata } = await ok('kms:CreateKey', { Description: 'k' });
    await ok('kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: KeyMetadata.KeyId });
    const enc = await ok('kms:Encrypt', { KeyId: 'alias/app', Plaintext: bin(utf8.encode('hi')), EncryptionContext: { a: 'b' } });
    await ok('vault:lock', {});
    expectError(await call('kms:DescribeKey', { KeyId: KeyMetadata.KeyId }), 'VaultLockedException');
    expectError(await call('vault:unlock', { Passphrase: 'wrong passphrase' }), 'IncorrectPassphraseException');
    await ok('vault:unlock', { Passphrase: PASS });
    const dec = await ok('kms:Decrypt', { CiphertextBlob: bin(enc.CiphertextBlob), EncryptionContext: { a: 'b' } });
    expect(utf8.decode(dec.Plaintext)).toBe('hi');
    expect((await ok('kms:DescribeKey', { KeyId: 'alias/app' })).KeyMetadata.Description).toBe('k');
  });

  it('a second service on the same files sees every committed change', async () => {
    const { ok, svc, make } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    await ok('kms:CreateKey', {});
    await ok('kms:CreateKey', {});
    await svc.close();
    const again = await make();
    cleanups.push(() => again.close());
    unwrap(await again.invoke('vault:unlock', { Passphrase: PASS }, UI));
    expect(unwrap(await again.invoke('kms:ListKeys', {}, UI)).Keys).toHaveLength(2);
  });

  it('refuses a second service on the same audit log while the first runs', async () => {
    const { make } = await setup();
    await expect(make()).rejects.toMatchObject({ name: 'VaultBusyException' });
  });

  it('refuses to create over an existing vault and to unlock a missing one', async () => {
    const { ok, call } = await setup();
    expectError(await call('vault:unlock', { Passphrase: PASS }), 'VaultNotFoundException');
    await ok('vault:create', { Passphrase: PASS });
    expectError(await call('vault:create', { Passphrase: PASS }), 'VaultExistsException');
    expectError(await call('vault:create', { Passphrase: 'short' }), 'ValidationException');
  });
});

describe('service: malformed payloads never crash', () => {
  it.each([
    ['unknown channel', 'kms:Nope', {}, 'UnknownOperationException'],
    ['prototype key as channel', '__proto__', {}, 'UnknownOperationException'],
    ['null payload', 'kms:CreateKey', null, 'ValidationException'],
    ['string payload', 'kms:Encrypt', 'hello', 'ValidationException'],
    ['array payload', 'kms:Encrypt', [1, 2], 'ValidationException'],
    ['plaintext as string', 'kms:Encrypt', { KeyId: 'alias/x', Plaintext: 'text' }, 'ValidationException'],
    ['plaintext as array', 'kms:Encrypt', { KeyId: 'alias/x', Plaintext: [1, 2, 3] }, 'ValidationException'],
    ['number as key id', 'kms:DescribeKey', { KeyId: 42 }, 'ValidationException'],
    ['nested garbage', 'kms:TagResource', { KeyId: 'x', Tags: [{ TagKey: {}, TagValue: null }] }, 'ValidationException'],
    ['context with non-string values', 'kms:Encrypt', { KeyId: 'x', Plaintext: new Uint8Array(1), EncryptionContext: { a: 1 } }, 'ValidationException'],
    ['NaN limit', 'kms:ListKeys', { Limit: Number.NaN }, 'ValidationException'],
    ['huge string', 'kms:DescribeKey', { KeyId: 'x'.repeat(100_000) }, 'ValidationException'],
  ])('%s', async (_label, channel, payload, name) => {
    const { ok, call } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    expectError(await call(channel, payload), name);
  });

  it('never echoes a rejected value (it may be a secret)', async () => {
    const { call } = await setup();
    const r = await call('vault:create', { Passphrase: 'tiny' });
    expect(JSON.stringify(r)).not.toContain('tiny');
  });
});

describe('service: audit', () => {
  it('records every call, succeeded or failed, with no plaintext, data key or passphrase in the log', async () => {
    const { ok, call, dir } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    const secret = bin(utf8.encode('TOP-SECRET-PLAINTEXT'));
    const enc = await ok('kms:Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: secret });
    await ok('kms:Decrypt', { CiphertextBlob: bin(enc.CiphertextBlob) });
    const dk = await ok('kms:GenerateDataKey', { KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' });
    await ok('kms:DisableKey', { KeyId: KeyMetadata.KeyId });
    expectError(await call('kms:Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: secret }), 'DisabledException');
    await ok('vault:lock', {});
    expectError(await call('vault:unlock', { Passphrase: 'not the passphrase' }), 'IncorrectPassphraseException');
    await ok('vault:unlock', { Passphrase: PASS });

    const page = await ok('audit:query', { limit: 50 });
    const names = page.records.map((r) => `${r.eventName}${r.errorCode ? `!${r.errorCode}` : ''}`).reverse();
    expect(names).toEqual([
      'vault:create', 'CreateKey', 'Encrypt', 'Decrypt', 'GenerateDataKey', 'DisableKey', 'Encrypt!DisabledException',
      'vault:lock', 'vault:unlock!IncorrectPassphraseException', 'vault:unlock',
    ]);
    expect(page.records.find((r) => r.errorCode === 'DisabledException')?.resources?.[0]?.ARN).toBe(KeyMetadata.Arn);
    const log = await auditText(dir);
    for (const s of ['TOP-SECRET-PLAINTEXT', bytesToBase64(secret), bytesToBase64(dk.Plaintext), bytesToBase64(enc.CiphertextBlob), PASS, 'not the passphrase']) {
      expect(log).not.toContain(s);
    }
    const v = await ok('audit:verify', {});
    expect(v).toMatchObject({ ok: true });
  });

  it('finds events by text, event name, key and outcome', async () => {
    const { ok, call } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    await ok('kms:DisableKey', { KeyId: KeyMetadata.KeyId });
    await call('kms:Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(1) });
    const q = async (query: RequestOf<'audit:query'>) => (await ok('audit:query', query)).records.map((r) => r.eventName);
    expect(await q({ text: 'disabledexception' })).toEqual(['Encrypt']);
    expect(await q({ eventName: 'DisableKey' })).toEqual(['DisableKey']);
    expect(await q({ outcome: 'error' })).toEqual(['Encrypt']);
    expect(await q({ keyId: KeyMetadata.KeyId })).toEqual(['Encrypt', 'DisableKey', 'CreateKey']);
    expect(await q({ readOnly: false, outcome: 'success' })).toEqual(['DisableKey', 'CreateKey', 'vault:create']);
    expect(await q({ readOnly: true })).toEqual(['Encrypt']);
  });

  it('fails closed: when the record cannot be written, the call returns AuditWriteException and no result', async () => {
    let failing = false;
    const io: AuditFileIO = {
      ...nodeFileIO,
      async openSegment(path) {
        const w = await nodeFileIO.openSegment(path);
        return { ...w, initialSize: w.initialSize, writeAt: async (d, p) => { if (failing) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' }); return w.writeAt(d, p); } };
      },
    };
    const { ok, call } = await setup({ io });
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    failing = true;
    const r = await call('kms:Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(4) });
    expectError(r, 'AuditWriteException');
    expect(JSON.stringify(r)).not.toContain('CiphertextBlob');
    failing = false;
    await ok('kms:Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(4) });
    expect(await ok('audit:verify', {})).toMatchObject({ ok: true });
  });

  it('fails closed for changes too: a change whose record cannot be written is undone, in memory and on disk', async () => {
    let failing = false;
    const io: AuditFileIO = {
      ...nodeFileIO,
      async openSegment(path) {
        const w = await nodeFileIO.openSegment(path);
        return { ...w, initialSize: w.initialSize, writeAt: async (d, p) => { if (failing) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' }); return w.writeAt(d, p); } };
      },
    };
    const { ok, call, svc, make } = await setup({ io });
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    failing = true;
    expectError(await call('kms:CreateKey', {}), 'AuditWriteException');
    expectError(await call('kms:DisableKey', { KeyId: KeyMetadata.KeyId }), 'AuditWriteException');
    failing = false;
    const keys = await ok('kms:ListKeys', {});
    expect(keys.Keys.map((k) => k.KeyId)).toEqual([KeyMetadata.KeyId]);
    expect((await ok('kms:DescribeKey', { KeyId: KeyMetadata.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    await svc.close();
    const again = await make();
    cleanups.push(() => again.close());
    unwrap(await again.invoke('vault:unlock', { Passphrase: PASS }, UI));
    expect(unwrap(await again.invoke('kms:ListKeys', {}, UI)).Keys).toHaveLength(1);
  });
});

describe('service: time', () => {
  it('catches up on rotations and deletions that fell due while the vault was locked, and audits them', async () => {
    const clock = new VirtualClock(new Date('2026-01-01T00:00:00Z'));
    const { ok, call } = await setup({ clock });
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata: a } = await ok('kms:CreateKey', {});
    const { KeyMetadata: b } = await ok('kms:CreateKey', {});
    await ok('kms:EnableKeyRotation', { KeyId: a.KeyId, RotationPeriodInDays: 90 });
    await ok('kms:ScheduleKeyDeletion', { KeyId: b.KeyId, PendingWindowInDays: 7 });
    await ok('vault:lock', {});
    clock.advanceDays(200);
    await ok('vault:unlock', { Passphrase: PASS });
    const rot = await ok('kms:ListKeyRotations', { KeyId: a.KeyId });
    expect(rot.Rotations).toHaveLength(2);
    expectError(await call('kms:DescribeKey', { KeyId: b.KeyId }), 'NotFoundException');
    const events = await ok('audit:query', { text: 'AwsServiceEvent' });
    expect(events.records.map((r) => r.eventName).sort()).toEqual(['DeleteKey', 'RotateKey', 'RotateKey']);
  });

  it('clock:advance moves a virtual clock and runs the scheduler; the system clock refuses', async () => {
    const clock = new VirtualClock(new Date('2026-01-01T00:00:00Z'));
    const { ok } = await setup({ clock });
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    await ok('kms:EnableKeyRotation', { KeyId: KeyMetadata.KeyId, RotationPeriodInDays: 90 });
    const up = await ok('schedule:upcoming', { Days: 100 });
    expect(up.Events.map((e) => e.kind)).toEqual(['rotation']);
    await ok('clock:advance', { Days: 91 });
    expect((await ok('kms:ListKeyRotations', { KeyId: KeyMetadata.KeyId })).Rotations).toHaveLength(1);
    const sys = await setup();
    await sys.ok('vault:create', { Passphrase: PASS });
    expectError(await sys.call('clock:advance', { Days: 1 }), 'UnsupportedOperationException');
  });

  it('locks itself after the idle time and zeroes key material', async () => {
    const { ok, call } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    await ok('settings:update', { IdleLockMinutes: 1 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await ok('kms:CreateKey', {}); // activity re-arms the timer under fake time
    await vi.advanceTimersByTimeAsync(61_000);
    vi.useRealTimers();
    expect(await ok('vault:status', {})).toMatchObject({ unlocked: false });
    expectError(await call('kms:ListKeys', {}), 'VaultLockedException');
  });
});

describe('service: keychain and cost', () => {
  it('unlocks with the OS keychain slot; basic_text does not count as a keychain', async () => {
    const kc = new FakeKeychain();
    const { ok, call } = await setup({ keychain: kc });
    await ok('vault:create', { Passphrase: PASS, UseKeychain: true });
    expect(await ok('vault:status', {})).toMatchObject({ hasKeychainSlot: true, keychainAvailable: true });
    await ok('vault:lock', {});
    await ok('vault:unlockWithKeychain', {});
    kc.backend = 'basic_text';
    kc.available = false;
    await ok('vault:lock', {});
    expectError(await call('vault:unlockWithKeychain'), 'KeychainUnavailableException');
  });

  it('estimates the month: prorated storage per key and requests counted from the audit log', async () => {
    const clock = new VirtualClock(new Date('2026-03-01T00:00:00Z'));
    const { ok } = await setup({ clock });
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    clock.advanceDays(10);
    for (let i = 0; i < 3; i++) await ok('kms:Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(1) });
    const est = await ok('cost:estimate', {});
    expect(est.Keys).toEqual([expect.objectContaining({ KeyId: KeyMetadata.KeyId, StorageUsd: 1, Requests: 4 })]);
    expect(est.Requests).toBe(4); // CreateKey + 3 Encrypt
    expect(est.TotalUsd).toBe(1);
  });
});
