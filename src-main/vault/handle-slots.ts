/**
 * Unlock slot changes of an open vault handle written with their audit record (pending.ts):
 * the new slot lists are computed without writing (passphraseSlotsOf, keychainSlotsOf), made
 * durable as a pending file tagged with the record (prepare), adopted in memory once the
 * record is written (commit; the next snapshot carries them and removes the file) or
 * discarded (abort).
 */
import { IncorrectPassphraseException } from '../../src-shared/kms/errors.js';
import { aString } from '../../src-shared/guards.js';
import { equalBytes } from '../crypto/random.js';
import { unlinkIfPresent } from '../platform/fs.js';
import { encodeVaultFile, passphraseSlotOf, type Slot } from './format.js';
import { aPassphrase } from './guards.js';
import type { State } from './handle-api.js';
import type { RecordTag } from './journal-format.js';
import { aKdfParams, type KdfParams } from './kdf.js';
import type { Keychain } from './keychain.js';
import { pendingPathOf, writePendingFile } from './persist.js';
import { makeKeychainSlot, makePassphraseSlot, unwrapPassphraseSlot } from './slots.js';

/** The message of IncorrectPassphraseException for a wrong current passphrase. */
export const INCORRECT_PASSPHRASE = 'The passphrase is incorrect. Nothing was changed.';

/**
 * `base` with its passphrase slot re-wrapped under `next`; writes nothing.
 * @throws IncorrectPassphraseException if `current` does not open `base`'s passphrase slot.
 * @throws RangeError for an empty `next` or KDF parameters out of range (kdf.ts).
 */
export async function passphraseSlotsOf(s: State, base: readonly Slot[], current: string, next: string, kdf?: KdfParams): Promise<Slot[]> {
  aString(current, 'current');
  aPassphrase(next, 'next');
  const params = kdf === undefined ? undefined : aKdfParams(kdf);
  const slot = passphraseSlotOf({ ...s.header, slots: [...base] });
  const got = await unwrapPassphraseSlot(s.header.vaultId, slot, aKdfParams(slot, 'slot'), current);
  try {
    if (!got || !equalBytes(got, s.key)) throw new IncorrectPassphraseException(INCORRECT_PASSPHRASE);
  } finally {
    got?.fill(0);
  }
  const fresh = await makePassphraseSlot(s.header.vaultId, s.key, next, params ?? aKdfParams(slot, 'slot'));
  return base.map((x) => (x.type === 'passphrase' ? fresh : x));
}

/** `base` with a fresh OS-keychain slot; writes nothing. KeychainUnavailableException without a usable keychain. */
export async function keychainSlotsOf(s: State, base: readonly Slot[], keychain: Keychain): Promise<Slot[]> {
  const slot = await makeKeychainSlot(s.header.vaultId, s.key, keychain);
  return [...base.filter((x) => x.type !== 'keychain'), slot];
}

/**
 * Write `slots` as the pending file of `tag`: the header with them and an empty body sealed
 * under the vault key (pending.ts). Not queued behind journal appends: a file of its own.
 */
export async function prepareSlots(s: State, tag: RecordTag, slots: readonly Slot[]): Promise<void> {
  const file = pendingPathOf(s.path, tag);
  const bytes = encodeVaultFile({ ...s.header, slots: [...slots] }, s.key, new Uint8Array(0));
  await writePendingFile(s.fs, file, bytes);
  s.pendingSlots.set(file, { tag, slots: [...slots] });
}

/** The record of `tag` is written: adopt its slots (the next snapshot writes them). False when nothing was prepared for it. */
export function commitSlots(s: State, tag: RecordTag): boolean {
  const p = s.pendingSlots.get(pendingPathOf(s.path, tag));
  if (!p) return false;
  s.header = { ...s.header, slots: p.slots };
  s.adopted = tag;
  s.adoptions++;
  return true;
}

/** The record of `tag` will not be written: forget its slots and delete its file (best effort; open() deletes it otherwise). */
export function abortSlots(s: State, tag: RecordTag): Promise<void> {
  const file = pendingPathOf(s.path, tag);
  s.pendingSlots.delete(file);
  return unlinkIfPresent(s.fs, file).catch(() => undefined);
}

/** A snapshot carrying the slots adopted up to `upTo` is durable: delete their pending files. */
export async function settleSlots(s: State, upTo: RecordTag): Promise<void> {
  for (const [file, p] of [...s.pendingSlots]) {
    if (p.tag.seq > upTo.seq) continue;
    s.pendingSlots.delete(file);
    await unlinkIfPresent(s.fs, file);
  }
}
