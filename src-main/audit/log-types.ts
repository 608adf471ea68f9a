/**
 * The audit log's public option and report types, the state of the segment being written,
 * and the failure messages shared by its modules (store.ts describes the log as a whole).
 */
import { AuditWriteException } from '../../src-shared/kms/errors.js';
import type { AuditVerifyResult } from '../../src-shared/audit.js';
import { sidecarName } from './segment-index-file.js';
import type { AuditFileIO, SegmentWriter } from './segment-io.js';
import { errCode, type FsPort } from '../platform/fs.js';
import type { WitnessState, WitnessPort } from './witness.js';

export interface AuditLogOptions {
  /** Records per segment file before rolling to the next. Default 50,000. */
  segmentRecords?: number;
  /** Background fdatasync delay after a write; 0 = fsync before each append resolves. Default 200. */
  syncIntervalMs?: number;
  /** Records at the tail whose hashes open() recomputes (links are checked for all). Default 1,000. */
  tailCheckRecords?: number;
  /** File port for segment writes; tests inject failures through it. */
  io?: AuditFileIO;
  /** File-system port for sidecar index files (durable writes). Default: the real one. */
  fs?: FsPort;
  /** Non-fatal problems (a sidecar index file that could not be written). Default: console.warn. */
  onWarning?: (message: string) => void;
  /** Where digests' heads are witnessed outside the folder (the service wires the vault). */
  witness?: WitnessPort;
  /** A digest at least every this many records (default 1,000) ... */
  digestEveryRecords?: number;
  /** ... and at least every this many ms while records arrive (default 60,000). */
  digestEveryMs?: number;
  /** The time written in digests (default: the system clock). */
  now?: () => Date;
}

/** How open() built the index. */
export interface AuditIndexReport {
  /** Full segments whose rows came from their sidecar index file. */
  sidecarsLoaded: number;
  /** Sidecars found but not used (damaged, another version, or not matching their segment). */
  sidecarsRejected: number;
  /** Sidecars (re)written by open() for full segments that lacked a usable one. */
  sidecarsWritten: number;
  /** Record lines JSON-parsed to build the index (2 per loaded sidecar, for its checks). */
  linesParsed: number;
}

export interface AuditOpenReport {
  segments: number;
  records: number;
  /** Bytes of a torn last line (a crash mid-append) that open() removed. */
  truncatedBytes: number;
  /** Complete lines that do not parse as records (corruption); verify() locates the first. */
  unreadableLines: number;
  /**
   * Seq and prevHash links of every record whose line open() parsed (the current segment and
   * full segments without a usable sidecar), of every segment's real first line to the
   * previous segment's real last line, and the hashes of the last tailCheckRecords.
   * verify() checks every line.
   */
  tail: AuditVerifyResult;
  index: AuditIndexReport;
}

export interface AuditVerifyOptions {
  /**
   * A head recorded elsewhere by an older Keyward (the vault's anchor without a digest
   * number). Without one, the head this process knows is used, and the digests and witness.
   */
  anchor?: { seq: number; hash: string } | undefined;
  /** The audit key (AuditLog.verify fills it in from setKey). */
  key?: Uint8Array | undefined;
  /** The vault's witness of the head (integrity-rules.ts). */
  witness?: WitnessState | undefined;
  /** This process's run (AuditLog.verify fills it in). */
  current?: { run: string; openedAt: number } | undefined;
  /** Problem keys a person acknowledged: passed over, reported as acknowledged. */
  acknowledged?: ReadonlySet<string>;
  onProgress?: (checked: number, total: number) => void;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/** A chain problem found while opening or verifying: the first bad seq and why. */
export interface ChainBreak {
  seq: number;
  reason: string;
}

/** The segment being written. */
export interface Current {
  number: number;
  writer: SegmentWriter;
  /** Committed bytes: everything before this offset is acknowledged records. */
  size: number;
  records: number;
  /** Bytes past `size` may exist (a failed write); truncate before the next write. */
  dirty: boolean;
  /** Index position of the segment's first record. */
  firstPos: number;
  /** prevHash of the segment's first record, once it has one. */
  firstPrevHash: string | undefined;
  /** Every line parsed and linked to the one before: its rows may go in a sidecar. */
  clean: boolean;
}

export const DEFAULTS = { segmentRecords: 50_000, syncIntervalMs: 200, tailCheckRecords: 1_000 };

/** A short, path-free description of an I/O failure (messages can hold paths). */
export function describe(e: unknown): string {
  if (e instanceof Error) return errCode(e) ?? e.name;
  return 'unknown error';
}

export function sidecarWarning(n: number, e: unknown): string {
  return `the index file ${sidecarName(n)} could not be written (${describe(e)}); the next start will rebuild it from the log`;
}

/** AuditWriteException: the record was not written, so the operation it describes is refused. */
export function writeError(why: string): AuditWriteException {
  return new AuditWriteException(`The audit record could not be written (${why}); the operation was refused.`);
}
