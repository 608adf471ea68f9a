/**
 * The audit hash chain: each record carries its sequence
 * number, the previous record's hash and its own hash, so an edited, removed or reordered
 * record is detected.
 *
 *   keyed (the vault is unlocked, chain.alg = "HMAC-SHA256"):
 *     hash = HMAC-SHA256 hex( auditKey, prevHash + "\n" + canonicalJson(record with chain = {alg, seq, prevHash}) )
 *   unkeyed (no key: the vault is locked, or a log written before keys existed; no alg):
 *     hash = SHA-256 hex( prevHash + "\n" + canonicalJson(record with chain = {seq, prevHash}) )
 *
 * The audit key (32 random bytes) lives in the vault, so someone who can write the audit
 * files but not open the vault cannot recompute a keyed hash (HMAC, RFC 2104). This is the
 * role of CloudTrail's signing key in its log file integrity validation
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
 *
 * canonicalJson is JSON with object keys sorted (UTF-16 code-unit order, as
 * Array.prototype.sort does) and no whitespace, close to RFC 8785 (JCS) for the values a
 * record holds (strings, safe integers, booleans, null). Records are stored as exactly this
 * text, one per line, so the stored line is the hashed form.
 */
import type { AuditRecord } from '../../src-shared/audit.js';
import { sha256Hex } from '../crypto/hash.js';
import { canonicalLineParts, encodeCanonical } from './canonical-line.js';
import { hmacSha256 } from '../crypto/hmac.js';

/** prevHash of the first record (seq 1). */
export const GENESIS_HASH = '0'.repeat(64);

/** chain.alg of a record sealed with the audit key; absent means SHA-256. */
export const KEYED_ALG = 'HMAC-SHA256' as const;

/** The 32-byte audit key, or undefined while the vault is locked. */
export type ChainKey = Uint8Array | undefined;

/** prevHash "\n" body, keyed (HMAC-SHA256 under `key`) or not (SHA-256), as 64 hex. */
export function linkHash(prevHash: string, body: string, key: ChainKey): string {
  if (key === undefined) return sha256Hex(prevHash, '\n', body);
  return Buffer.from(hmacSha256(key, `${prevHash}\n${body}`)).toString('hex');
}

const HASH_RE = /^[0-9a-f]{64}$/;

export type UnsealedRecord = Omit<AuditRecord, 'chain'>;

/**
 * Canonical JSON of plain data. Throws TypeError for anything that is not plain JSON data
 * (binary, Dates, class instances, functions, bigint, non-finite numbers): a record must be
 * fully shaped by the event builder, and binary reaching the chain would be a secrecy bug.
 */
export function canonicalJson(value: unknown): string {
  const out = encodeCanonical(value, '$');
  if (out === undefined) throw new TypeError('canonicalJson: the value at $ is undefined');
  return out;
}

/**
 * The hash of a record whose chain holds {seq, prevHash} and maybe alg (any `hash` field is
 * ignored). A keyed record needs `key`: without it the answer is undefined (cannot be checked).
 */
export function chainHash(record: UnsealedRecord & { chain: { seq: number; prevHash: string; alg?: string } }, key?: ChainKey): string | undefined {
  const { seq, prevHash, alg } = record.chain;
  if (alg !== undefined && alg !== KEYED_ALG) return undefined;
  if (alg === KEYED_ALG && key === undefined) return undefined;
  const body = canonicalJson({ ...record, chain: alg ? { alg, seq, prevHash } : { seq, prevHash } });
  return linkHash(prevHash, body, alg ? key : undefined);
}

/** True when the record was sealed with the audit key (chain.alg "HMAC-SHA256"). */
export function isKeyed(record: AuditRecord): boolean {
  return record.chain.alg === KEYED_ALG;
}

/** Give an event its place in the chain (keyed when `key` is given). */
export function sealRecord(event: UnsealedRecord, seq: number, prevHash: string, key?: ChainKey): AuditRecord {
  return sealRecordLine(event, seq, prevHash, key).record;
}

/**
 * Seal an event and return its stored line too: canonicalJson(record), without newline.
 * Each top-level member is encoded once and shared by the hashed body and the line, which
 * differ only in the chain member; this halves the encoding work of an append.
 */
export function sealRecordLine(event: UnsealedRecord, seq: number, prevHash: string, key?: ChainKey): { record: AuditRecord; line: string } {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`"seq" expected a positive integer, got ${seq}`);
  if (!HASH_RE.test(prevHash)) throw new RangeError('"prevHash" expected 64 lowercase hex digits');
  const proto: unknown = typeof event === 'object' && event !== null ? Object.getPrototypeOf(event) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError('"event" expected a plain object');
  }
  // Drop any chain the caller's object carried; the spread copies only own fields.
  const { chain: _ignored, ...rest } = event as UnsealedRecord & { chain?: unknown }; // runtime objects may carry extra fields
  const fields = rest as Record<string, unknown>; // a plain object (checked above), read by key
  const { pre, post } = canonicalLineParts(fields);
  // prevHash is checked hex and seq a safe integer: both encode as themselves. Keys sort
  // as alg < hash < prevHash < seq, so these are canonical.
  const alg = key === undefined ? '' : `"alg":"${KEYED_ALG}",`;
  const body = `${pre}"chain":{${alg}"prevHash":"${prevHash}","seq":${seq}}${post}`;
  const hash = linkHash(prevHash, body, key);
  const line = `${pre}"chain":{${alg}"hash":"${hash}","prevHash":"${prevHash}","seq":${seq}}${post}`;
  const chain = key === undefined ? { seq, prevHash, hash } : { alg: KEYED_ALG, seq, prevHash, hash };
  return { record: { ...rest, chain }, line };
}

/**
 * Parse one stored line. Returns undefined for anything that is not a JSON object with a
 * well-formed chain and the fields the index needs; the rest of the shape was fixed by the
 * writer and is covered by the hash.
 */
export function parseStoredRecord(line: string): AuditRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const r = v as Record<string, unknown>; // an object, checked above
  const chain = r['chain'];
  if (typeof chain !== 'object' || chain === null) return undefined;
  const c = chain as Record<string, unknown>; // an object, checked above
  if (!Number.isSafeInteger(c['seq']) || typeof c['prevHash'] !== 'string' || typeof c['hash'] !== 'string') return undefined;
  if (c['alg'] !== undefined && c['alg'] !== KEYED_ALG) return undefined;
  if (typeof r['eventTime'] !== 'string' || typeof r['eventName'] !== 'string') return undefined;
  return v as AuditRecord; // chain and the indexed fields checked; the hash covers the rest
}

/**
 * Check one record against the position the chain expects. Returns why it fails, or
 * undefined when it links (and, unless `rehash` is false, its hash is its own). A keyed
 * record is rehashed only when `key` is given (without it, only its links are checked).
 */
export function checkLink(
  record: AuditRecord,
  expectedSeq: number,
  expectedPrevHash: string,
  rehash = true,
  key?: ChainKey,
): string | undefined {
  const { seq, prevHash, hash } = record.chain;
  if (seq !== expectedSeq) {
    return seq > expectedSeq
      ? `expected record ${expectedSeq}, found ${seq}: record ${expectedSeq} was removed or moved`
      : `expected record ${expectedSeq}, found ${seq}: records were reordered or duplicated`;
  }
  if (prevHash !== expectedPrevHash) {
    return `record ${seq} does not link to record ${seq - 1} (prevHash mismatch): one of them was changed`;
  }
  if (!rehash || (isKeyed(record) && key === undefined)) return undefined;
  if (chainHash(record, key) !== hash) {
    return isKeyed(record) ? `record ${seq} was changed or forged (MAC mismatch)` : `record ${seq} was changed (hash mismatch)`;
  }
  return undefined;
}
