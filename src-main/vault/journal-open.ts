/**
 * Reading the journal at unlock (format in journal-format.ts). The journal of the snapshot's
 * generation is replayed; a journal of an older generation is the one a crash left behind
 * between a snapshot write and the journal's rename (its changes are in the snapshot): it
 * becomes `<vault>.journal.prev`; a journal of a newer generation means the vault file was
 * replaced by an older one, and the vault is refused.
 */
import { VaultCorruptedException } from '../../src-shared/kms/errors.js';
import { errCode, type FsPort } from '../platform/fs.js';
import { type Frame, parseJournalHeader, readFrames, type RecordTag } from './journal-format.js';
import { journalPathOf, journalPrevPathOf, type JournalStart, laterTag } from './journal.js';

/** What unlock learnt from the journal. */
export interface OpenedJournal {
  /** Where appends continue (undefined: no journal file for this generation yet). */
  start: JournalStart | undefined;
  frames: Frame[];
  cut?: { index: number; bytes: number };
  /** The highest witness or change tag found (carried over or in frames). */
  witness: RecordTag | undefined;
}

async function readIfPresent(fs: FsPort, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function witnessOf(frames: readonly Frame[], carried: RecordTag | undefined): RecordTag | undefined {
  let w = carried;
  for (const f of frames) if (f.kind !== 'abort') w = laterTag(w, f.tag);
  return w;
}

/**
 * Read the journal that extends the snapshot `generation` (sealed body tag `snapshotTag`).
 * `which`: 'current' reads `<vault>.journal`, 'previous' `<vault>.journal.prev` (with `<vault>.prev`).
 * VaultCorruptedException for a damaged journal or one that does not belong to the snapshot.
 */
export async function openJournal(
  fs: FsPort, path: string, key: Uint8Array, vaultId: string, generation: number, snapshotTag: Uint8Array, which: 'current' | 'previous',
): Promise<OpenedJournal> {
  const jpath = which === 'previous' ? journalPrevPathOf(path) : journalPathOf(path);
  const bytes = await readIfPresent(fs, jpath);
  if (!bytes) return { start: undefined, frames: [], witness: undefined };
  const header = parseJournalHeader(bytes, key, vaultId, jpath);
  if (header.generation > generation) {
    throw new VaultCorruptedException(
      `The vault journal ${jpath} is newer than the vault file (generation ${header.generation} after ${generation}): the vault file was replaced by an older copy. Restore the matching vault file, or open the previous generation.`,
    );
  }
  if (header.generation < generation) {
    // A crash between a snapshot write and the journal's rename: folded already.
    const old = readFrames(bytes, key, header, jpath);
    const witness = witnessOf(old.frames, header.witness);
    for (const f of old.frames) f.payload.fill(0);
    if (which === 'current') await fs.rename(jpath, journalPrevPathOf(path));
    return { start: undefined, frames: [], witness };
  }
  if (!header.binding.subarray(44, 60).every((b, i) => b === snapshotTag[i])) {
    throw new VaultCorruptedException(`The vault journal ${jpath} does not belong to this vault file (its snapshot differs). Restore the matching pair from a backup.`);
  }
  const read = readFrames(bytes, key, header, jpath);
  const witness = witnessOf(read.frames, header.witness);
  return {
    start: { frames: read.frames.length, size: read.validLength, lastTag: read.lastTag, binding: header.binding, ...(witness ? { witness } : {}) },
    frames: read.frames,
    ...(read.cut ? { cut: read.cut } : {}),
    witness,
  };
}
