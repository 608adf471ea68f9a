/**
 * Vault changes written ahead of their audit record (audit/intent.ts), until the journal of
 * the new storage replaces them: each prepared change is the whole new vault file under a
 * name that carries its record's chain place (persist.ts, pendingPathOf). commit renames it
 * over the vault (the previous generation kept), abort deletes it, and reconcilePending, run
 * at open under the writer lock before any slot is tried, keeps the newest whose record is
 * in the audit log and deletes the rest (a crash before the record: no caller was answered).
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errCode, type FsPort, unlinkIfPresent } from '../platform/fs.js';
import { parseVaultFile } from './format.js';
import { pendingTagOf, promotePending } from './persist.js';

/** A record's chain place (audit/intent.ts RecordTag). */
export interface PendingTag {
  seq: number;
  hash: string;
}

/** What reconcilePending did: the change it committed (if any) and those it discarded. */
export interface ReconcileReport {
  applied?: PendingTag;
  discarded: PendingTag[];
}

/**
 * Settle the pending files of the vault at `path`: the newest whose record `hasRecord`
 * finds (and whose generation is above the vault file's) is renamed over the vault; every
 * other is deleted. Call only while holding the writer lock.
 */
export async function reconcilePending(
  fs: FsPort, path: string, hasRecord: (tag: PendingTag) => Promise<boolean>,
): Promise<ReconcileReport> {
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { discarded: [] };
    throw e;
  }
  const prefix = `${basename(path)}.pending-`;
  const found = names
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ file: join(dirname(path), n), tag: pendingTagOf(n) }))
    .filter((x): x is { file: string; tag: PendingTag } => x.tag !== undefined)
    .sort((a, b) => b.tag.seq - a.tag.seq); // newest first
  const report: ReconcileReport = { discarded: [] };
  let current = -1;
  try {
    current = parseVaultFile(await fs.readFile(path), path).header.generation;
  } catch {
    // missing or damaged: open() reports it; a pending file cannot stand in for it
  }
  for (const x of found) {
    if (!report.applied && current >= 0 && (await hasRecord(x.tag)) && (await generationOf(fs, x.file)) > current) {
      await promotePending(fs, path, x.file);
      report.applied = x.tag;
    } else {
      await unlinkIfPresent(fs, x.file);
      report.discarded.push(x.tag);
    }
  }
  if (report.discarded.length > 0 && !report.applied) await fs.fsyncDir(dirname(path));
  return report;
}

async function generationOf(fs: FsPort, file: string): Promise<number> {
  try {
    return parseVaultFile(await fs.readFile(file), file).header.generation;
  } catch {
    return -1; // damaged: discarded
  }
}
