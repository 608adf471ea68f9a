/**
 * Checking one stored audit line without parsing it. A stored line is the canonical JSON of
 * its record (chain.ts), and the hashed body is that same text without the chain's `hash`
 * member, so the chain hash (SHA-256, or HMAC-SHA256 under the audit key for a keyed record)
 * can be recomputed over the line's own bytes: the bytes before `"hash":"<64 hex>",` and the
 * bytes after it. This is what makes a full verify about five times cheaper than parse +
 * re-encode per record (docs/architecture.md, "The audit log").
 *
 * The fast path takes a line only in the writer's form: one JSON object (`{` ... `}`) whose
 * chain member is exactly `"chain":{["alg":"HMAC-SHA256",]"hash":"<hex>","prevHash":"<hex>",
 * "seq":<digits>}` with lowercase hex and a canonical safe integer, that links where the chain
 * expects and whose recomputed hash is its own. Any other line (another layout, a mismatch, a
 * keyed record without the key) is re-checked by the full rule (parse, re-encode, hash:
 * chain.ts parseStoredRecord and checkLink), which names the problem with the same words as
 * before; so the fast path can only ever say "intact" for bytes the hash covers.
 */
import { type ChainKey, checkLink, isKeyed, KEYED_ALG, parseStoredRecord } from './chain.js';
import { LineDigest } from '../crypto/line-hash.js';

/** `"chain":{` opens the chain member (9 bytes). */
const CHAIN_MARK = Buffer.from('"chain":{', 'latin1');
const ALG_MEMBER = Buffer.from(`"alg":"${KEYED_ALG}",`, 'latin1'); // a keyed record's first chain member
const HASH_OPEN = Buffer.from('"hash":"', 'latin1');
const HASH_MEMBER = HASH_OPEN.length + 64 + 2; // '"hash":"' + 64 hex + '",': the bytes the body skips
const PREV_SEP = Buffer.from('","prevHash":"', 'latin1'); // 14 bytes after the hash
const SEQ_SEP = Buffer.from('","seq":', 'latin1'); // 8 bytes after the prevHash

/** The chain member read from a line's bytes, and where the hash member sits. */
export interface LineChain {
  seq: number;
  prevHash: string;
  hash: string;
  /** chain.alg is "HMAC-SHA256" (sealed with the audit key). */
  keyed: boolean;
  /** Byte offset of `"hash":"` in the line; the hashed body skips HASH_MEMBER bytes from it. */
  hashAt: number;
}

function isHex(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function bytesAt(line: Uint8Array, at: number, what: Uint8Array): boolean {
  if (at + what.length > line.length) return false;
  for (let k = 0; k < what.length; k++) if (line[at + k] !== what[k]) return false;
  return true;
}

/** The first offset of CHAIN_MARK in `line`, or -1 (a JS loop: it sits near the start, where a native call costs more than the search). */
function findMark(line: Uint8Array): number {
  const last = line.length - CHAIN_MARK.length;
  outer: for (let i = 1; i <= last; i++) {
    if (line[i] !== 0x22 || line[i + 1] !== 0x63) continue; // '"c'
    for (let k = 2; k < CHAIN_MARK.length; k++) if (line[i + k] !== CHAIN_MARK[k]) continue outer;
    return i;
  }
  return -1;
}

/** Where the chain member's parts sit in a line (filled by locate(); one reused object, no allocation per line). */
const loc = { seq: 0, keyed: false, hashAt: 0, h: 0, p: 0 };

/**
 * Find the chain member in the writer's layout: `{` ... `}`, `"chain":{`, an optional alg
 * member, the hash, prevHash and seq members with their separators, a canonical seq (1 to 16
 * digits, no leading zero, a safe integer) and the member's close. Fills `loc`; false when
 * the line is not laid out so. The hex digits are not checked here (see the callers).
 */
function locate(line: Buffer): boolean {
  const n = line.length;
  if (n < 2 || line[0] !== 0x7b || line[n - 1] !== 0x7d) return false;
  const at = findMark(line);
  if (at < 0) return false;
  let hashAt = at + CHAIN_MARK.length;
  const keyed = bytesAt(line, hashAt, ALG_MEMBER);
  if (keyed) hashAt += ALG_MEMBER.length;
  if (!bytesAt(line, hashAt, HASH_OPEN)) return false;
  const h = hashAt + HASH_OPEN.length; // first hex digit of the hash
  const p = h + 64 + PREV_SEP.length; // first hex digit of prevHash
  const s = p + 64 + SEQ_SEP.length; // first digit of seq
  if (s >= n || !bytesAt(line, h + 64, PREV_SEP) || !bytesAt(line, p + 64, SEQ_SEP)) return false;
  let e = s;
  let seq = 0;
  while (e < n && line[e]! >= 48 && line[e]! <= 57) seq = seq * 10 + (line[e++]! - 48);
  if (e === s || e - s > 16 || (line[s] === 48 && e - s > 1) || !Number.isSafeInteger(seq) || line[e] !== 0x7d) return false;
  loc.seq = seq;
  loc.keyed = keyed;
  loc.hashAt = hashAt;
  loc.h = h;
  loc.p = p;
  return true;
}

/** The 64 bytes of `line` from `at` equal the 64 ASCII characters of `hex`. */
function sameHex(line: Buffer, at: number, hex: string): boolean {
  if (hex.length !== 64) return false;
  for (let i = 0; i < 64; i++) if (line[at + i] !== hex.charCodeAt(i)) return false;
  return true;
}

/**
 * Read the chain member of a stored line in the writer's layout (lowercase hex included), or
 * undefined when the line is not laid out that way (the full rule then decides).
 */
export function readLineChain(line: Buffer): LineChain | undefined {
  if (!locate(line)) return undefined;
  const { seq, keyed, hashAt, h, p } = loc;
  if (!isHex(line, h, h + 64) || !isHex(line, p, p + 64)) return undefined;
  return { seq, prevHash: line.toString('latin1', p, p + 64), hash: line.toString('latin1', h, h + 64), keyed, hashAt };
}

/**
 * What LineChecker.check found: "ok" (it links where expected and its hash or MAC is its own),
 * "unreadable" (not a record: JSON, chain or indexed fields missing), "key-not-held" (sealed
 * with the audit key, which the checker does not hold), "broken" (it does not link, or its
 * hash is not its own: `reason` says which, in chain.ts checkLink's words).
 */
export type LineStatus = 'ok' | 'unreadable' | 'key-not-held' | 'broken';

/**
 * Checks stored lines one after the other (one per walk; not shared between walks). After
 * check(), `seq`, `hash` and `keyed` are the line's own chain values (for "ok" and "broken") and
 * `reason` says why a "broken" line fails. Holds `key` (by reference) and a copy of its HMAC
 * pads until wipe().
 */
export class LineChecker {
  seq = 0;
  hash = '';
  keyed = false;
  reason = '';
  private readonly plain = new LineDigest();
  private readonly mac: LineDigest | undefined;

  /** `key`: the 32-byte audit key, or undefined (keyed lines are then "key-not-held"). */
  constructor(private readonly key: ChainKey) {
    this.mac = key === undefined ? undefined : new LineDigest(key);
  }

  /** Check `line` against the position the chain expects (seq, prevHash link, own hash). */
  check(line: Buffer, expectedSeq: number, expectedPrevHash: string): LineStatus {
    // The fast path. prevHash is compared with the expected one (64 lowercase hex, the last
    // line's hash) and the hash with the digest's own hex, so both are lowercase hex when equal.
    if (locate(line) && loc.seq === expectedSeq && sameHex(line, loc.p, expectedPrevHash)) {
      const d = loc.keyed ? this.mac : this.plain;
      const { p, hashAt } = loc;
      const got = d?.ofRanges(line, p, p + 64, 0x0a, 0, hashAt, hashAt + HASH_MEMBER, line.length);
      if (got !== undefined && sameHex(line, loc.h, got)) {
        this.seq = loc.seq;
        this.hash = got;
        this.keyed = loc.keyed;
        return 'ok';
      }
    }
    // Not in the writer's layout, not linking, or not hashing: the full rule names the problem.
    const rec = parseStoredRecord(line.toString('utf8'));
    if (!rec) return 'unreadable';
    this.seq = rec.chain.seq;
    this.hash = rec.chain.hash;
    this.keyed = isKeyed(rec);
    if (this.keyed && this.key === undefined) return 'key-not-held';
    const why = checkLink(rec, expectedSeq, expectedPrevHash, true, this.key);
    if (why === undefined) return 'ok';
    this.reason = why;
    return 'broken';
  }

  /** Zero the HMAC pads (the key itself belongs to the caller). */
  wipe(): void {
    this.mac?.wipe();
    this.plain.wipe();
  }
}

/** The verdict on one line: its hash when it links, else why not. */
export type LineVerdict = { ok: true; hash: string } | { ok: false; unreadable: boolean; reason: string };

/**
 * Check one stored line against the position the chain expects: seq, prevHash link and hash
 * (keyed lines need `key`). Reasons match chain.ts checkLink; an unreadable line is flagged
 * for the caller to word. For a walk over many lines, LineChecker reuses its buffers.
 */
export function checkStoredLine(line: Buffer, expectedSeq: number, expectedPrevHash: string, key?: ChainKey): LineVerdict {
  const lc = new LineChecker(key);
  const st = lc.check(line, expectedSeq, expectedPrevHash);
  lc.wipe();
  switch (st) {
    case 'ok':
      return { ok: true, hash: lc.hash };
    case 'unreadable':
      return { ok: false, unreadable: true, reason: 'cannot be read' };
    case 'key-not-held':
      return { ok: false, unreadable: false, reason: `record ${lc.seq} is sealed with the audit key, which is not available` };
    case 'broken':
      return { ok: false, unreadable: false, reason: lc.reason };
  }
}
