/**
 * Unlock slot changes written ahead of their audit record (pending.ts): a slot change whose
 * record is in the log holds after a crash before the snapshot that carries it; one without
 * its record never takes effect, and its file is removed at the next unlock.
 */
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncorrectPassphraseException } from '../../src-shared/kms/errors.js';
import { FAST_KDF, text, useVaultFile } from '../testing/vault-kit.js';
import { openVaultWithPassphrase } from './vault.js';

const PASS = 'correct horse battery staple';
const NEXT = 'a different passphrase';
const TAG = { seq: 7, hash: 'ab'.repeat(32) };

const kit = useVaultFile();
const pendingFiles = async () => (await readdir(dirname(kit.path))).filter((n) => n.includes('.pending-'));

/** A passphrase change prepared with TAG, then the process stops before any snapshot is written. */
async function prepareAndStop(): Promise<void> {
  const h = await kit.create('body');
  const slots = await h.passphraseSlots(h.slots(), PASS, NEXT, FAST_KDF);
  await h.prepareSlots(TAG, slots);
  await h.lock(); // no commit, no snapshot: what a crash right after the record leaves
}

describe('pending slot changes', () => {
  it('with its record in the log, the new passphrase opens the vault and the old one no longer does', async () => {
    await prepareAndStop();
    expect(await pendingFiles()).toHaveLength(1);
    const recorded = async (t: { seq: number }) => t.seq === TAG.seq;
    await expect(openVaultWithPassphrase(kit.path, PASS, { hasRecord: recorded })).rejects.toThrow(IncorrectPassphraseException);
    const h = kit.track(await openVaultWithPassphrase(kit.path, NEXT, { hasRecord: recorded }));
    expect(h.reconciled.applied).toEqual(TAG);
    expect(h.slotsPending).toBe(true); // the session writes a snapshot with them at once
    expect(await h.compact(h.readBody(), 0)).toBe(true);
    expect(h.slotsPending).toBe(false);
    expect(await pendingFiles()).toEqual([]);
    await h.lock();
    expect(text(kit.track(await openVaultWithPassphrase(kit.path, NEXT)).readBody())).toBe('body');
  });

  it('without its record, the change never happened: the old passphrase opens the vault and the file is removed', async () => {
    await prepareAndStop();
    const h = kit.track(await openVaultWithPassphrase(kit.path, PASS, { hasRecord: async () => false }));
    expect(h.reconciled).toEqual({ discarded: [TAG] });
    expect(h.slotsPending).toBe(false);
    expect(await pendingFiles()).toEqual([]);
    await h.lock();
    await expect(openVaultWithPassphrase(kit.path, NEXT)).rejects.toThrow(IncorrectPassphraseException);
  });
});
