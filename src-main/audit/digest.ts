/**
 * Digests of the audit chain's head, modelled on CloudTrail's digest files
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html):
 * each digest names the records it covers and the hash at its end, carries the previous
 * digest's MAC (CloudTrail: "the digital signature of the previous digest file"), and is
 * itself MAC'd with the vault's audit key, so a digest cannot be changed, forged, removed
 * from the middle or reordered without the next MAC or link failing.
 *
 * On disk: `<auditDir>/digests.jsonl`, one canonical JSON digest per line, appended and
 * fdatasync'd. One file (not one per segment): a digest is small and written at most every
 * batch with a vault change, every 1,000 records or every minute, so one append-only file
 * costs one write and one flush each, and keeps the digest chain in one ordered place.
 *
 *   mac = HMAC-SHA256 hex( auditKey, "keyward-audit-digest-v1\n" + canonicalJson(digest without mac) )
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { errCode } from '../platform/fs.js';
import { canonicalJson, GENESIS_HASH, linkHash } from './chain.js';
import type { AuditFileIO } from './segment-io.js';

/** Why a digest was written: the key arrived, a batch or timer, the key left (lock), or the log closed with the key held. */
export type DigestEvent = 'unlock' | 'batch' | 'lock' | 'close';

/** One digest of the chain head (see the file comment). */
export interface AuditDigest {
  v: 1;
  /** 1-based position in the digest chain. */
  n: number;
  /** Random id of the process run that wrote it (one per opening of the log). */
  run: string;
  /** The head seq when that run opened the log: records up to it were there before the run. */
  openedAt: number;
  event: DigestEvent;
  /** First record covered (the previous digest's `to` + 1, or 1). */
  from: number;
  /** The head seq this digest vouches for. */
  to: number;
  /** The hash of record `to` (GENESIS_HASH for an empty log). */
  head: string;
  /** The previous digest's MAC, or GENESIS_HASH for digest #1. */
  prev: string;
  /** ISO-8601 time of writing. */
  time: string;
  /** The vault's position (count of witnesses it holds) after this digest's witness, when known. */
  vault?: number;
  /** HMAC-SHA256 of the rest (file comment), 64 hex. */
  mac: string;
}

/** A digest before its MAC. */
export type UnsealedDigest = Omit<AuditDigest, 'mac'>;

/** One line of digests.jsonl: a parsed digest, or why the line is not one. */
export type DigestLine = { digest: AuditDigest; line: number } | { unreadable: string; line: number };

export const DIGEST_FILE = 'digests.jsonl';
const DOMAIN = 'keyward-audit-digest-v1';
const HEX64 = /^[0-9a-f]{64}$/;
const EVENTS: readonly string[] = ['unlock', 'batch', 'lock', 'close'];

/** The MAC of a digest's fields (the `mac` field itself is left out). */
export function digestMac(d: UnsealedDigest, key: Uint8Array): string {
  const { mac: _ignored, ...rest } = d as UnsealedDigest & { mac?: string }; // a sealed digest may be passed
  return linkHash(DOMAIN, canonicalJson(rest), key);
}

/** Seal a digest with the audit key. */
export function sealDigest(d: UnsealedDigest, key: Uint8Array): AuditDigest {
  return { ...d, mac: digestMac(d, key) };
}

/** The previous-digest link of the first digest. */
export const FIRST_PREV = GENESIS_HASH;

const int = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min; // checked number

/** Parse one stored line; undefined when it is not a well-formed digest. */
export function parseDigest(text: string): AuditDigest | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const d = v as Record<string, unknown>; // an object, checked above
  const ok = d['v'] === 1 && int(d['n'], 1) && typeof d['run'] === 'string' && int(d['openedAt'], 0)
    && typeof d['event'] === 'string' && EVENTS.includes(d['event']) && int(d['from'], 1) && int(d['to'], 0)
    && typeof d['head'] === 'string' && HEX64.test(d['head']) && typeof d['prev'] === 'string' && HEX64.test(d['prev'])
    && typeof d['time'] === 'string' && (d['vault'] === undefined || int(d['vault'], 0))
    && typeof d['mac'] === 'string' && HEX64.test(d['mac']);
  return ok ? (v as AuditDigest) : undefined; // every field checked above
}

/** What readDigests found. */
export interface DigestFile {
  lines: DigestLine[];
  /** Bytes of complete lines (a torn last line, from a crash mid-append, is past this). */
  size: number;
  /** Bytes of a torn last line, if any (ignored, and cut before the next append). */
  tornBytes: number;
}

/** Read every line of `<dir>/digests.jsonl` (an absent file is an empty chain). */
export async function readDigests(dir: string): Promise<DigestFile> {
  let text: string;
  try {
    text = await fsp.readFile(join(dir, DIGEST_FILE), 'utf8');
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { lines: [], size: 0, tornBytes: 0 };
    throw e;
  }
  const end = text.lastIndexOf('\n') + 1;
  const lines: DigestLine[] = [];
  const parts = text.slice(0, end).split('\n').slice(0, -1);
  parts.forEach((p, i) => {
    const digest = parseDigest(p);
    lines.push(digest ? { digest, line: i + 1 } : { unreadable: `digest line ${i + 1} cannot be read`, line: i + 1 });
  });
  return { lines, size: Buffer.byteLength(text.slice(0, end), 'utf8'), tornBytes: Buffer.byteLength(text.slice(end), 'utf8') };
}

/**
 * Append one digest at byte `at` (cutting any torn tail past it) and fdatasync it; a new file
 * gets its directory entry synced too. Returns the new size.
 * @throws the file port's error (the caller reports the digest as not written).
 */
export async function appendDigest(dir: string, io: AuditFileIO, at: number, d: AuditDigest): Promise<number> {
  const bytes = Buffer.from(`${canonicalJson(d)}\n`, 'utf8');
  const w = await io.openSegment(join(dir, DIGEST_FILE));
  try {
    if (w.initialSize === 0) await io.syncDir(dir);
    const pos = Math.min(at, w.initialSize); // never leave a hole if the file shrank under us
    if (w.initialSize > pos) await w.truncate(pos);
    await w.writeAt(bytes, pos);
    await w.sync();
    return pos + bytes.length;
  } finally {
    await w.close().catch(() => undefined);
  }
}
