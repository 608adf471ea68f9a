/**
 * Unlock slot changes (passphrase, OS keychain slot) written ahead of their audit record
 * (audit/intent.ts). Body changes go to the journal (journal.ts); slots live in the vault
 * file's header, outside the sealed body, so a slot change is made durable as a pending
 * file `<vault>.pending-<seq>-<hash>` (persist.ts, pendingPathOf) named by its record's chain
 * place: a vault file whose header carries the new slots and whose sealed body is empty (the
 * seal, under the vault key with the header as AAD, authenticates the slots, format.ts).
 *
 * commit adopts the slots in memory and the next snapshot (written at once, in the
 * background) carries them; then the pending file is deleted. abort deletes it. At open,
 * under the writer lock and before any slot is tried, reconcilePending picks the newest
 * pending file whose record is in the audit log and whose slots the vault file does not carry
 * yet: unlock then uses its slots (the change is recorded, so it holds) and the session
 * writes a snapshot with them. Every other pending file is deleted (no record: a crash before
 * it, so no caller was answered; older: superseded).
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errCode, type FsPort, unlinkIfPresent } from '../platform/fs.js';
import { parseVaultFile, type Slot, type VaultHeader } from './format.js';
import { pendingTagOf } from './persist.js';

/** A record's chain place (audit/intent.ts RecordTag). */
export interface PendingTag {
  seq: number;
  hash: string;
}

/** What reconcilePending did: the slot change it carries on (if any) and those it discarded. */
export interface ReconcileReport {
  applied?: PendingTag;
  discarded: PendingTag[];
}

/** The slot change to carry on at unlock: its record, its file and the header with its slots. */
export interface ChosenPending {
  tag: PendingTag;
  file: string;
  header: VaultHeader;
}

/** True when both lists hold the same slots (JSON-equal, in order). */
export function sameSlots(a: readonly Slot[], b: readonly Slot[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Settle the pending slot files of the vault at `path` whose file header is `current` (see
 * the file comment). Call only while holding the writer lock.
 */
export async function reconcilePending(
  fs: FsPort, path: string, current: VaultHeader, hasRecord: (tag: PendingTag) => Promise<boolean>,
): Promise<{ report: ReconcileReport; chosen?: ChosenPending }> {
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { report: { discarded: [] } };
    throw e;
  }
  const prefix = `${basename(path)}.pending-`;
  const found = names
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ file: join(dirname(path), n), tag: pendingTagOf(n) }))
    .filter((x): x is { file: string; tag: PendingTag } => x.tag !== undefined)
    .sort((a, b) => b.tag.seq - a.tag.seq); // newest first
  const report: ReconcileReport = { discarded: [] };
  let chosen: ChosenPending | undefined;
  let decided = false;
  let removed = false;
  for (const x of found) {
    const recorded = !decided && (await hasRecord(x.tag));
    if (recorded) {
      decided = true; // older ones are superseded whatever this one holds
      const header = await headerOf(fs, x.file);
      if (header && header.vaultId === current.vaultId && !sameSlots(header.slots, current.slots)) {
        chosen = { tag: x.tag, file: x.file, header };
        report.applied = x.tag;
        continue;
      }
    } else if (!decided) report.discarded.push(x.tag);
    await unlinkIfPresent(fs, x.file);
    removed = true;
  }
  if (removed) await fs.fsyncDir(dirname(path));
  return chosen ? { report, chosen } : { report };
}

async function headerOf(fs: FsPort, file: string): Promise<VaultHeader | undefined> {
  try {
    return parseVaultFile(await fs.readFile(file), file).header;
  } catch {
    return undefined; // damaged: discarded
  }
}
