/**
 * Checking one stored audit line without parsing it. A stored line is the canonical JSON of
 * its record (chain.ts), and the hashed body is that same text without the chain's `hash`
 * member, so the chain hash can be recomputed over the line's own bytes: the bytes before
 * `"hash":"<64 hex>",` and the bytes after it. This is what makes a full verify about five
 * times cheaper than parse + re-encode per record (docs/architecture.md, "The audit log").
 *
 * Where it matters the line is checked to be in the writer's form: it is one JSON object
 * (`{` ... `}`), its chain member is exactly `"chain":{"hash":"<hex>","prevHash":"<hex>",
 * "seq":<digits>}` with lowercase hex and a canonical safe integer. Any line the fast path
 * does not accept (another layout, a mismatch) is re-checked by the full rule (parse,
 * re-encode, hash: chain.ts checkLink), which gives the same verdict and reasons as before;
 * so the fast path can only ever say "intact" for bytes the hash covers.
 */
import { checkLink, parseStoredRecord } from './chain.js';
import { sha256Hex } from '../crypto/hash.js';

/**
 * The per-record hash rule over a stored line: the hash (64 lowercase hex) of
 * `prevHash "\n" body`, where body is `head` followed by `tail` (the line's bytes around its
 * chain `hash` member). SHA-256 (FIPS 180-4) today; a keyed chain swaps in its MAC here.
 */
export type LineHasher = (prevHash: string, head: Uint8Array, tail: Uint8Array) => string;

/** SHA-256 of prevHash, "\n" and the body, as chain.ts's sealRecordLine computes it. */
export const sha256LineHasher: LineHasher = (prevHash, head, tail) => sha256Hex(prevHash, '\n', head, tail);

/** The chain member as the writer lays it out; `"chain":{` opens it (9 bytes). */
const CHAIN_MARK = Buffer.from('"chain":{"hash":"', 'latin1');
const MEMBER = 9; // '"chain":{'.length: where `"hash":"` starts
const HASH_AT = 8; // '"hash":"'.length
const HASH_MEMBER = 74; // '"hash":"' + 64 hex + '",'
const PREV_SEP = Buffer.from('","prevHash":"', 'latin1'); // 14 bytes after the hash
const SEQ_SEP = Buffer.from('","seq":', 'latin1'); // 8 bytes after the prevHash

/** The chain member read from a line's bytes, and where the hash member sits. */
export interface LineChain {
  seq: number;
  prevHash: string;
  hash: string;
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

/**
 * Read the chain member of a stored line in the writer's layout, or undefined when the line
 * is not laid out that way (the full rule then decides).
 */
export function readLineChain(line: Buffer): LineChain | undefined {
  const n = line.length;
  if (n < 2 || line[0] !== 0x7b || line[n - 1] !== 0x7d) return undefined;
  const at = findMark(line);
  if (at < 0) return undefined;
  const h = at + MEMBER + HASH_AT; // first hex digit of the hash
  const p = h + 64 + PREV_SEP.length; // first hex digit of prevHash
  const s = p + 64 + SEQ_SEP.length; // first digit of seq
  if (s >= n || !isHex(line, h, h + 64) || !isHex(line, p, p + 64)) return undefined;
  if (line.compare(PREV_SEP, 0, PREV_SEP.length, h + 64, p) !== 0) return undefined;
  if (line.compare(SEQ_SEP, 0, SEQ_SEP.length, p + 64, s) !== 0) return undefined;
  let e = s;
  let seq = 0;
  while (e < n && line[e]! >= 48 && line[e]! <= 57) seq = seq * 10 + (line[e++]! - 48);
  // Canonical: 1 to 16 digits, no leading zero, a safe integer, then the member's close.
  if (e === s || e - s > 16 || (line[s] === 48 && e - s > 1) || !Number.isSafeInteger(seq) || line[e] !== 0x7d) return undefined;
  return { seq, prevHash: line.toString('latin1', p, p + 64), hash: line.toString('latin1', h, h + 64), hashAt: at + MEMBER };
}

/** The verdict on one line: its seq and hash when it links, else why not. */
export type LineVerdict = { ok: true; hash: string } | { ok: false; unreadable: boolean; reason: string };

/**
 * Check a stored line against the position the chain expects: seq, prevHash link and hash.
 * Reasons match chain.ts checkLink (an unreadable line is flagged for the caller to word).
 */
export function checkStoredLine(line: Buffer, expectedSeq: number, expectedPrevHash: string, hasher: LineHasher): LineVerdict {
  const c = readLineChain(line);
  if (c && c.seq === expectedSeq && c.prevHash === expectedPrevHash) {
    const got = hasher(c.prevHash, line.subarray(0, c.hashAt), line.subarray(c.hashAt + HASH_MEMBER));
    if (got === c.hash) return { ok: true, hash: c.hash };
  }
  // Not in the writer's layout, or not linking: the full rule names the problem.
  const rec = parseStoredRecord(line.toString('utf8'));
  if (!rec) return { ok: false, unreadable: true, reason: 'cannot be read' };
  const why = checkLink(rec, expectedSeq, expectedPrevHash);
  return why ? { ok: false, unreadable: false, reason: why } : { ok: true, hash: rec.chain.hash };
}
