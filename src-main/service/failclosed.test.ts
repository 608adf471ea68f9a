/**
 * "Refused" means refused for every channel that changes something: with the audit segment
 * unwritable (ENOSPC, as on a full disk, or EPERM, as with `chattr +i`), the call answers
 * AuditWriteException and the change has not happened, in memory or on disk (after a
 * restart). Each test first shows the finding's symptom cannot occur, then that the same call
 * succeeds once the log is writable again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiStatus } from '../../src-shared/app.js';
import type { Channel, ChannelResult, RequestOf, ResponseOf } from '../../src-shared/contract.js';
import { unwrap } from '../../src-shared/result.js';
import { nodeFileIO, type AuditFileIO } from '../audit/segment-io.js';
import { VirtualClock } from '../platform/clock.js';
import { testServiceOptions } from '../testing/service-kit.js';
import { FakeKeychain, tempDir } from '../testing/vault-kit.js';
import type { EndpointSettings, KmsEndpointFactory, KmsEndpointPort } from './ports.js';
import { createKeywardService } from './service.js';
import type { CallerContext, ServiceOptions } from './types.js';

const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
const PASS = 'correct horse battery staple';
const NEW_PASS = 'a different passphrase entirely';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Audit segment files that refuse writes with `code` while `broken.on` is set. */
function breakableIO(): { io: AuditFileIO; broken: { on: boolean; code: string } } {
  const broken = { on: false, code: 'ENOSPC' };
  const io: AuditFileIO = {
    ...nodeFileIO,
    async openSegment(path) {
      const w = await nodeFileIO.openSegment(path);
      return {
        initialSize: w.initialSize,
        writeAt: async (d, p) => {
          if (broken.on) throw Object.assign(new Error('refused'), { code: broken.code });
          return w.writeAt(d, p);
        },
        truncate: (n) => w.truncate(n),
        sync: () => w.sync(),
        close: () => w.close(),
      };
    },
  };
  return { io, broken };
}

/** An endpoint port that only remembers whether it listens, and on which port. */
function fakeEndpoint(): { factory: KmsEndpointFactory; state: { listening: boolean; port: number } } {
  const state = { listening: false, port: 0 };
  const port: KmsEndpointPort = {
    async follow(s: EndpointSettings) {
      state.listening = s.apiEnabled;
      state.port = s.apiPort;
    },
    async configure(enabled: boolean, p: number) {
      state.listening = enabled;
      state.port = p;
    },
    async startForRun() {},
    status: (s: EndpointSettings): ApiStatus => ({ Enabled: s.apiEnabled, Listening: state.listening, Port: state.port, RequestCount: 0, Region: s.region, Source: 'settings' }),
    async close() {
      state.listening = false;
    },
  };
  return { factory: () => port, state };
}

async function setup(extra: Partial<ServiceOptions> = {}) {
  const { dir, cleanup } = await tempDir();
  const { io, broken } = breakableIO();
  const make = () => createKeywardService(testServiceOptions(dir, { audit: { syncIntervalMs: 0, io }, ...extra }));
  let svc = await make();
  cleanups.push(async () => {
    await svc.close();
    await cleanup();
  });
  const call = <C extends Channel>(channel: C, request: RequestOf<C>) => svc.invoke(channel, request, UI);
  const ok = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => unwrap(await call(channel, request));
  const restart = async () => {
    await svc.close();
    broken.on = false;
    svc = await make();
  };
  return { call, ok, broken, restart };
}

function refused(r: ChannelResult, also?: RegExp): void {
  expect(r.ok ? 'ok' : r.error.name).toBe('AuditWriteException');
  if (also && !r.ok) expect(r.error.message).toMatch(also);
}

describe('fail closed: app channels', () => {
  it('vault:changePassphrase refused: the old passphrase still opens the vault after a restart', async () => {
    const { call, ok, broken, restart } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    broken.on = true;
    broken.code = 'EPERM'; // chattr +i
    refused(await call('vault:changePassphrase', { CurrentPassphrase: PASS, NewPassphrase: NEW_PASS }), /refused/);
    await restart();
    expect((await call('vault:unlock', { Passphrase: NEW_PASS })).ok).toBe(false);
    await ok('vault:unlock', { Passphrase: PASS });
    // Once the log is writable, the same change goes through and survives a restart.
    await ok('vault:changePassphrase', { CurrentPassphrase: PASS, NewPassphrase: NEW_PASS });
    await restart();
    await ok('vault:unlock', { Passphrase: NEW_PASS });
  });

  it('vault:setKeychainSlot refused: no keychain slot, now or after a restart', async () => {
    const keychain = new FakeKeychain();
    const { call, ok, broken, restart } = await setup({ keychain });
    await ok('vault:create', { Passphrase: PASS });
    broken.on = true;
    refused(await call('vault:setKeychainSlot', { Enabled: true }));
    expect((await ok('vault:status', {})).hasKeychainSlot).toBe(false);
    await restart();
    expect((await ok('vault:status', {})).hasKeychainSlot).toBe(false);
    expect((await call('vault:unlockWithKeychain', {})).ok).toBe(false);
    await ok('vault:unlock', { Passphrase: PASS });
    await ok('vault:setKeychainSlot', { Enabled: true });
    broken.on = true;
    refused(await call('vault:setKeychainSlot', { Enabled: false }));
    expect(keychain.forgotten).toEqual([]); // the entry stays while the vault refers to it
    await restart();
    await ok('vault:unlockWithKeychain', {});
  });

  it('vault:unlock refused: the vault is locked again and the answer says so', async () => {
    const { call, ok, broken } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    await ok('vault:lock', {});
    broken.on = true;
    refused(await call('vault:unlock', { Passphrase: PASS }), /locked again/);
    expect((await ok('vault:status', {})).unlocked).toBe(false);
    broken.on = false;
    expect(await call('kms:ListKeys', {})).toMatchObject({ ok: false, error: { name: 'VaultLockedException' } });
    await ok('vault:unlock', { Passphrase: PASS });
  });

  it('vault:create refused: no vault is left behind, and a later create works', async () => {
    const { call, ok, broken } = await setup();
    broken.on = true;
    refused(await call('vault:create', { Passphrase: PASS }), /not created/);
    await vi.waitFor(async () => expect((await ok('vault:status', {})).exists).toBe(false));
    broken.on = false;
    await ok('vault:create', { Passphrase: PASS });
  });

  it('api:configure refused: the endpoint is not started and the settings are unchanged', async () => {
    const { factory, state } = fakeEndpoint();
    const { call, ok, broken, restart } = await setup({ endpoint: factory });
    await ok('vault:create', { Passphrase: PASS });
    broken.on = true;
    refused(await call('api:configure', { Enabled: true, Port: 4599 }), /endpoint settings were not changed/);
    await vi.waitFor(() => expect(state.listening).toBe(false));
    expect((await ok('api:status', {})).Enabled).toBe(false);
    await restart();
    await ok('vault:unlock', { Passphrase: PASS });
    expect(state.listening).toBe(false);
    expect((await ok('api:status', {})).Enabled).toBe(false);
  });

  it('vault:unlock refused does not leave the endpoint its settings started running', async () => {
    const { factory, state } = fakeEndpoint();
    const { call, ok, broken } = await setup({ endpoint: factory });
    await ok('vault:create', { Passphrase: PASS });
    await ok('api:configure', { Enabled: true, Port: 4599 });
    await ok('vault:lock', {});
    state.listening = false;
    broken.on = true;
    refused(await call('vault:unlock', { Passphrase: PASS }));
    await vi.waitFor(() => expect(state.listening).toBe(false));
  });

  it('settings:update refused: the settings are unchanged, now and after a restart', async () => {
    const { call, ok, broken, restart } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    const before = await ok('vault:status', {});
    broken.on = true;
    refused(await call('settings:update', { IdleLockMinutes: 3, Region: 'eu-west-1' }), /settings were not changed/);
    expect(await ok('vault:status', {})).toMatchObject({ idleLockMinutes: before.idleLockMinutes, region: before.region });
    await restart();
    await ok('vault:unlock', { Passphrase: PASS });
    expect(await ok('vault:status', {})).toMatchObject({ idleLockMinutes: before.idleLockMinutes, region: before.region });
  });

  it('accessKeys:create and accessKeys:revoke refused: no key made, none removed, no secret answered', async () => {
    const { call, ok, broken, restart } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    broken.on = true;
    const r = await call('accessKeys:create', { Description: 'ci' });
    refused(r);
    expect(JSON.stringify(r)).not.toMatch(/SecretAccessKey/);
    broken.on = false;
    expect((await ok('accessKeys:list', {})).AccessKeys).toEqual([]);
    const made = await ok('accessKeys:create', { Description: 'ci' });
    broken.on = true;
    refused(await call('accessKeys:revoke', { AccessKeyId: made.AccessKeyId }));
    await restart();
    await ok('vault:unlock', { Passphrase: PASS });
    expect((await ok('accessKeys:list', {})).AccessKeys.map((k) => k.AccessKeyId)).toEqual([made.AccessKeyId]);
  });
});

describe('fail closed: a read that creates an AWS managed key', () => {
  it('Encrypt under alias/aws/s3 refused: no AWS managed key is created, now or after a restart', async () => {
    const { call, ok, broken, restart } = await setup();
    await ok('vault:create', { Passphrase: PASS });
    broken.on = true;
    refused(await call('kms:Encrypt', { KeyId: 'alias/aws/s3', Plaintext: new Uint8Array([1, 2, 3]) }));
    broken.on = false;
    const target = async () => (await ok('kms:ListAliases', {})).Aliases.find((a) => a.AliasName === 'alias/aws/s3')?.TargetKeyId;
    expect(await target()).toBeUndefined();
    expect((await ok('kms:ListKeys', {})).Keys).toEqual([]);
    await restart();
    await ok('vault:unlock', { Passphrase: PASS });
    expect(await target()).toBeUndefined();
    await ok('kms:Encrypt', { KeyId: 'alias/aws/s3', Plaintext: new Uint8Array([1, 2, 3]) });
    expect(await target()).toBeDefined();
  });
});

describe('fail closed: the scheduler', () => {
  it('applies a due deletion only with its record: it waits, says why, and retries once the log is writable', async () => {
    const clock = new VirtualClock(new Date('2026-01-01T00:00:00Z'));
    const { call, ok, broken, restart } = await setup({ clock });
    await ok('vault:create', { Passphrase: PASS });
    const { KeyMetadata: k } = await ok('kms:CreateKey', {});
    await ok('kms:ScheduleKeyDeletion', { KeyId: k.KeyId, PendingWindowInDays: 7 });
    broken.on = true;
    clock.advanceDays(8);
    refused(await call('clock:advance', { Days: 0 }));
    broken.on = false;
    // Still there, pending deletion: nothing was applied without its record; the wait is visible.
    expect((await ok('kms:DescribeKey', { KeyId: k.KeyId })).KeyMetadata.KeyState).toBe('PendingDeletion');
    const up = await ok('schedule:upcoming', {});
    expect(up.Waiting?.Reason).toMatch(/AuditWriteException/);
    // The retry (backoff from 1 s) applies it with its record.
    await vi.waitFor(async () => expect((await call('kms:DescribeKey', { KeyId: k.KeyId })).ok).toBe(false), { timeout: 10_000, interval: 200 });
    expect((await ok('schedule:upcoming', {})).Waiting).toBeUndefined();
    const page = await ok('audit:query', { eventName: 'DeleteKey' });
    expect(page.records.map((r) => r.eventName)).toEqual(['DeleteKey']);
    await restart();
    await ok('vault:unlock', { Passphrase: PASS });
    expect((await call('kms:DescribeKey', { KeyId: k.KeyId })).ok).toBe(false);
    expect(await ok('audit:verify', {})).toMatchObject({ ok: true });
  });
});
