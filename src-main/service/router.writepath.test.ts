/**
 * The router's side of the write path (audit/intent.ts): the mutex is released once a
 * change's record is handed over, so other calls run while the change is made durable, and
 * no one waits for the vault commit that follows its record; a call that saw a change whose
 * record is then refused is refused too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.js';
import { type FsPort, nodeFs } from '../platform/fs.js';
import { testServiceOptions } from '../testing/service-kit.js';
import { tempDir } from '../testing/vault-kit.js';
import { createKeywardService } from './service.js';
import type { CallerContext } from './types.js';

const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
const PASS = 'correct horse battery staple';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/**
 * A vault port that stops at a gate while `gate.closed`: at the journal append (a change's
 * prepare) or at the rename of a new snapshot over the vault file (written after a slot
 * change's record, in the background), per `gate.at`; `gate.fail` makes the step fail.
 */
function gatedVaultFs() {
  let open: () => void = () => undefined;
  let hit: () => void = () => undefined;
  const gate = {
    closed: false,
    fail: false,
    at: 'prepare' as 'prepare' | 'commit', // as: the gate's two places, not any string
    reached: new Promise<void>((r) => (hit = r)),
    release: () => open(),
  };
  const wait = new Promise<void>((r) => (open = r));
  const stop = async (where: 'prepare' | 'commit') => {
    if (!gate.closed || gate.at !== where) return;
    hit();
    await wait;
    if (gate.fail) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
  };
  const fs: FsPort = {
    ...nodeFs,
    async openWriter(path) {
      const w = await nodeFs.openWriter(path);
      if (!path.endsWith('.journal')) return w;
      return {
        ...w,
        initialSize: w.initialSize,
        writeAt: async (data, at) => {
          await stop('prepare');
          return w.writeAt(data, at);
        },
      };
    },
    async rename(from, to) {
      if (to.endsWith('.kwv')) await stop('commit');
      return nodeFs.rename(from, to);
    },
  };
  return { fs, gate };
}

async function setup() {
  const { dir, cleanup } = await tempDir();
  const { fs, gate } = gatedVaultFs();
  const svc = await createKeywardService(testServiceOptions(dir, { vaultFs: fs }));
  cleanups.push(async () => {
    gate.release();
    await svc.close();
    await cleanup();
  });
  unwrap(await svc.invoke('vault:create', { Passphrase: PASS }, UI));
  const { KeyMetadata } = unwrap(await svc.invoke('kms:CreateKey', {}, UI));
  return { svc, gate, keyId: KeyMetadata.KeyId };
}

describe('router: the mutex is not held while a change is written', () => {
  it('while a change is made durable, other calls run their engine part (the mutex is free)', async () => {
    const { svc, gate, keyId } = await setup();
    gate.closed = true;
    const tag = svc.invoke('kms:TagResource', { KeyId: keyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }, UI);
    await gate.reached; // the change's pending write is under way
    // Under the mutex, a second change runs and hands its record over behind the first.
    const second = svc.invoke('kms:UpdateKeyDescription', { KeyId: keyId, Description: 'second' }, UI);
    await new Promise((r) => setTimeout(r, 20));
    gate.release();
    expect((await tag).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(unwrap(await svc.invoke('kms:DescribeKey', { KeyId: keyId }, UI)).KeyMetadata.Description).toBe('second');
  });

  it('reads do not wait for the snapshot written after a slot change\'s record; the change holds once it is written', async () => {
    const { svc, gate, keyId } = await setup();
    gate.at = 'commit';
    gate.closed = true;
    const changed = svc.invoke('vault:changePassphrase', { CurrentPassphrase: PASS, NewPassphrase: 'a new passphrase 2' }, UI);
    await gate.reached; // the record is written; the snapshot carrying the new slots is not renamed over the vault file yet
    expect((await svc.invoke('kms:DescribeKey', { KeyId: keyId }, UI)).ok).toBe(true);
    expect(unwrap(await svc.invoke('kms:ListResourceTags', { KeyId: keyId }, UI)).Tags).toHaveLength(0);
    gate.release();
    expect((await changed).ok).toBe(true);
    unwrap(await svc.invoke('vault:lock', {}, UI));
    expect((await svc.invoke('vault:unlock', { Passphrase: PASS }, UI)).ok).toBe(false);
    expect((await svc.invoke('vault:unlock', { Passphrase: 'a new passphrase 2' }, UI)).ok).toBe(true);
  });

  it('a read that saw a change whose record is refused is refused too, and the change is gone', async () => {
    const { svc, gate, keyId } = await setup();
    gate.closed = true;
    gate.fail = true;
    const tag = svc.invoke('kms:TagResource', { KeyId: keyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }, UI);
    await gate.reached;
    // It runs against memory that already holds the tag; its record is queued behind the change's.
    const seen = svc.invoke('kms:ListResourceTags', { KeyId: keyId }, UI);
    await new Promise((r) => setTimeout(r, 20)); // let it be dispatched and handed to the writer
    gate.release();
    const [t, s] = await Promise.all([tag, seen]);
    expect(t.ok ? 'ok' : t.error.name).toBe('AuditWriteException');
    expect(s.ok ? JSON.stringify(s.value) : s.error.name).toBe('AuditWriteException');
    expect(unwrap(await svc.invoke('kms:ListResourceTags', { KeyId: keyId }, UI)).Tags).toEqual([]);
  });

  it('a change still running when an earlier change is undone is refused and leaves nothing behind', async () => {
    const { svc, gate, keyId } = await setup();
    gate.closed = true;
    gate.fail = true;
    const tag = svc.invoke('kms:TagResource', { KeyId: keyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }, UI);
    await gate.reached;
    // Key generation takes a while: the undo of the tag lands while it runs, or its record
    // queues behind the refused one. Either way it is refused.
    const created = svc.invoke('kms:CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, UI);
    await new Promise((r) => setTimeout(r, 20));
    gate.release();
    const [t, c] = await Promise.all([tag, created]);
    expect(t.ok ? 'ok' : t.error.name).toBe('AuditWriteException');
    expect(c.ok ? 'ok' : c.error.name).toBe('AuditWriteException');
    expect(unwrap(await svc.invoke('kms:ListKeys', {}, UI)).Keys.map((k) => k.KeyId)).toEqual([keyId]);
    expect(unwrap(await svc.invoke('kms:ListResourceTags', { KeyId: keyId }, UI)).Tags).toEqual([]);
  }, 60_000);
});
