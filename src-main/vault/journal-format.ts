/**
 * The vault journal file `<vault>.journal`, version 1: the changes committed since the
 * snapshot (the vault file, format.ts) as an append-only list of sealed frames.
 *
 * ```
 * header (202 bytes)
 * 0     8    magic: ASCII "KWJRNL" 0x00 0x00
 * 8     2    version, unsigned big-endian (1)
 * 10    36   the vault id (ASCII UUID)
 * 46    8    the snapshot generation it extends (float64 big-endian, an integer)
 * 54    16   the snapshot's body tag (the last 16 bytes of its sealed body)
 * 70    8    witness seq carried over from the previous journal (float64; 0: none)
 * 78    84   witness hash (64 ASCII hex, then 20 zero bytes)
 * 162   24   nonce
 * 186   16   header tag: XChaCha20-Poly1305 of nothing under the vault key, AAD = bytes [0, 162)
 * frame i (repeated)
 * 0     4    L: the sealed length, unsigned big-endian
 * 4     4    L xor 0xffffffff (a torn write is told apart from a damaged length)
 * 8     24   nonce (random per frame)
 * 32    L    XChaCha20-Poly1305(plaintext) || tag, AAD = "KWJRNL/f" || header[10, 70) ||
 *            i (u32 BE) || the previous frame's tag (frame 0: the header tag)
 * plaintext: kind (1: change, 2: abort, 3: witness) || seq (float64 BE; 0: none) ||
 *            hash (64 ASCII hex or zeros) || payload (a change set, kms/change-set.ts)
 * ```
 *
 * The AAD binds each frame to the vault, the snapshot it extends, its place and the frame
 * before it, so a changed, removed, reordered or replayed frame fails authentication (the
 * same construction as the vault body, format.ts; XChaCha20-Poly1305 per
 * draft-irtf-cfrg-xchacha on RFC 8439). Only the last frame may be torn by a crash: cut short,
 * or complete in length with its tag never written (zeros); it is cut off. Anything else that
 * fails refuses the vault.
 */
import { VaultCorruptedException } from '../../src-shared/kms/errors.js';
import { randomBytes } from '../crypto/random.js';
import { xchachaOpen, xchachaSeal } from '../crypto/xchacha.js';

export const JOURNAL_MAGIC = new Uint8Array([0x4b, 0x57, 0x4a, 0x52, 0x4e, 0x4c, 0x00, 0x00]);
export const JOURNAL_VERSION = 1;
export const JOURNAL_HEADER_LENGTH = 202;
const MAC_START = 162;
const FRAME_HEAD = 32;
const TAG = 16;
const PLAIN_HEAD = 1 + 8 + 64;
/** The largest frame accepted (a change set is far smaller; a bigger length is damage). */
export const MAX_FRAME = 64 * 1024 * 1024;

/** Where an audit record sits in its chain (the same shape as audit/intent.ts RecordTag). */
export interface RecordTag {
  seq: number;
  hash: string;
}

/** Frame kinds. */
export type FrameKind = 'change' | 'abort' | 'witness';
const KIND_CODE: Record<FrameKind, number> = { change: 1, abort: 2, witness: 3 };
const KINDS: Record<number, FrameKind> = { 1: 'change', 2: 'abort', 3: 'witness' };

/** What binds a journal to its snapshot. */
export interface JournalBinding {
  vaultId: string;
  generation: number;
  /** The snapshot's body tag (16 bytes). */
  snapshotTag: Uint8Array;
}

/** One opened frame. */
export interface Frame {
  index: number;
  kind: FrameKind;
  /** change: the audit record it is pending on (absent: committed without one); abort: the record not written; witness: the head. */
  tag?: RecordTag;
  payload: Uint8Array;
}

const te = new TextEncoder();
const td = new TextDecoder();

function damaged(source: string, what: string): VaultCorruptedException {
  return new VaultCorruptedException(
    `The vault journal ${source} is damaged (${what}). Nothing was read from it. Open the previous generation, or restore the vault from a backup.`,
  );
}

function writeTag(out: Uint8Array, at: number, tag: RecordTag | undefined): void {
  new DataView(out.buffer, out.byteOffset).setFloat64(at, tag ? tag.seq : 0);
  if (tag) out.set(te.encode(tag.hash.slice(0, 64)), at + 8);
}

function readTag(b: Uint8Array, at: number): RecordTag | undefined {
  const seq = new DataView(b.buffer, b.byteOffset).getFloat64(at);
  if (seq === 0) return undefined;
  return { seq, hash: td.decode(b.subarray(at + 8, at + 8 + 64)) };
}

/** A new journal header for `b`, carrying `witness`, MAC'd under the vault key. */
export function encodeJournalHeader(key: Uint8Array, b: JournalBinding, witness: RecordTag | undefined): Uint8Array {
  const h = new Uint8Array(JOURNAL_HEADER_LENGTH);
  const dv = new DataView(h.buffer);
  h.set(JOURNAL_MAGIC, 0);
  dv.setUint16(8, JOURNAL_VERSION);
  h.set(te.encode(b.vaultId.padEnd(36).slice(0, 36)), 10);
  dv.setFloat64(46, b.generation);
  h.set(b.snapshotTag.subarray(0, TAG), 54);
  writeTag(h, 70, witness);
  const nonce = randomBytes(24);
  h.set(nonce, MAC_START);
  h.set(xchachaSeal(key, nonce, new Uint8Array(0), h.subarray(0, MAC_START)), MAC_START + 24);
  return h;
}

/** A parsed, authenticated header. */
export interface JournalHeader {
  generation: number;
  witness?: RecordTag;
  /** The header tag, "previous tag" of frame 0. */
  tag: Uint8Array;
  /** Bytes [10, 70): vault id, generation, snapshot tag (in every frame's AAD). */
  binding: Uint8Array;
}

/** Parse and authenticate a header. VaultCorruptedException if it is not one of ours for this vault. */
export function parseJournalHeader(bytes: Uint8Array, key: Uint8Array, vaultId: string, source: string): JournalHeader {
  if (bytes.length < JOURNAL_HEADER_LENGTH || !JOURNAL_MAGIC.every((m, i) => bytes[i] === m)) throw damaged(source, 'not a journal header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  if (dv.getUint16(8) !== JOURNAL_VERSION) throw damaged(source, `unknown journal version ${dv.getUint16(8)}`);
  try {
    xchachaOpen(key, bytes.slice(MAC_START, MAC_START + 24), bytes.slice(MAC_START + 24, JOURNAL_HEADER_LENGTH), bytes.subarray(0, MAC_START));
  } catch {
    throw damaged(source, 'the header failed authentication');
  }
  if (td.decode(bytes.subarray(10, 46)).trim() !== vaultId) throw damaged(source, 'it belongs to another vault');
  const witness = readTag(bytes, 70);
  return {
    generation: dv.getFloat64(46),
    ...(witness ? { witness } : {}),
    tag: bytes.slice(JOURNAL_HEADER_LENGTH - TAG, JOURNAL_HEADER_LENGTH),
    binding: bytes.slice(10, 70),
  };
}

function frameAad(binding: Uint8Array, index: number, prevTag: Uint8Array): Uint8Array {
  const aad = new Uint8Array(8 + binding.length + 4 + TAG);
  aad.set(te.encode('KWJRNL/f'), 0);
  aad.set(binding, 8);
  new DataView(aad.buffer).setUint32(8 + binding.length, index);
  aad.set(prevTag, 8 + binding.length + 4);
  return aad;
}

/** Seal frame `index` after `prevTag`. Returns its bytes and its tag (the next frame's prevTag). */
export function sealFrame(
  key: Uint8Array, h: Pick<JournalHeader, 'binding'>, index: number, prevTag: Uint8Array,
  kind: FrameKind, tag: RecordTag | undefined, payload: Uint8Array,
): { bytes: Uint8Array; tag: Uint8Array } {
  const plain = new Uint8Array(PLAIN_HEAD + payload.length);
  plain[0] = KIND_CODE[kind];
  writeTag(plain, 1, tag);
  plain.set(payload, PLAIN_HEAD);
  const nonce = randomBytes(24);
  const sealed = xchachaSeal(key, nonce, plain, frameAad(h.binding, index, prevTag));
  plain.fill(0);
  const out = new Uint8Array(FRAME_HEAD + sealed.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, sealed.length);
  dv.setUint32(4, ~sealed.length >>> 0);
  out.set(nonce, 8);
  out.set(sealed, FRAME_HEAD);
  return { bytes: out, tag: sealed.slice(sealed.length - TAG) };
}

/** The frames of a journal file and where its valid part ends. */
export interface ReadJournal {
  header: JournalHeader;
  frames: Frame[];
  /** Bytes up to the end of the last valid frame. */
  validLength: number;
  /** The tag of the last valid frame (the header tag when none). */
  lastTag: Uint8Array;
  /** A torn last frame that was cut off (its index and the bytes dropped). */
  cut?: { index: number; bytes: number };
}

/**
 * Open every frame of a journal whose header is `header`. The caller zeroes the payloads.
 * VaultCorruptedException naming the frame for any frame that fails and is not the last one.
 */
export function readFrames(bytes: Uint8Array, key: Uint8Array, header: JournalHeader, source: string): ReadJournal {
  const frames: Frame[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = JOURNAL_HEADER_LENGTH;
  let prev = header.tag;
  const torn = (index: number): ReadJournal => ({ header, frames, validLength: at, lastTag: prev, cut: { index, bytes: bytes.length - at } });
  for (let index = 0; at < bytes.length; index++) {
    const rest = bytes.length - at;
    if (rest < 8) return torn(index);
    const len = dv.getUint32(at);
    if ((len ^ dv.getUint32(at + 4)) >>> 0 !== 0xffffffff) {
      if (bytes.subarray(at).every((b) => b === 0)) return torn(index); // an unwritten extent after a crash
      throw damaged(source, `frame ${index}: its length is damaged`);
    }
    if (len < TAG + PLAIN_HEAD || len > MAX_FRAME) throw damaged(source, `frame ${index}: length ${len} out of range`);
    const end = at + FRAME_HEAD + len;
    if (end > bytes.length) return torn(index);
    let plain: Uint8Array;
    try {
      plain = xchachaOpen(key, bytes.slice(at + 8, at + FRAME_HEAD), bytes.subarray(at + FRAME_HEAD, end), frameAad(header.binding, index, prev));
    } catch {
      // A crash that extended the file before its data reached the disk leaves the tag unwritten.
      if (end === bytes.length && bytes.subarray(end - TAG, end).every((b) => b === 0)) return torn(index);
      throw damaged(source, `frame ${index} failed authentication: it was changed, removed, reordered or replayed`);
    }
    const kind = KINDS[plain[0] ?? 0];
    if (!kind) throw damaged(source, `frame ${index}: unknown kind`);
    const tag = readTag(plain, 1);
    frames.push({ index, kind, ...(tag ? { tag } : {}), payload: plain.subarray(PLAIN_HEAD) });
    prev = bytes.slice(end - TAG, end);
    at = end;
  }
  return { header, frames, validLength: at, lastTag: prev };
}
