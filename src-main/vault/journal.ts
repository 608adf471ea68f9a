/**
 * The open journal of an unlocked vault (format in journal-format.ts): appends grouped into
 * one write and one fdatasync(2) (frames requested while a write is in flight go out together
 * in the next), and the reconciliation of pending frames with the audit log at open.
 */
import { writeFileDurably } from '../platform/durable-write.js';
import type { FileWriter, FsPort } from '../platform/fs.js';
import type { SerialQueue } from '../platform/serial-queue.js';
import {
  encodeJournalHeader, type Frame, type FrameKind, JOURNAL_HEADER_LENGTH, type JournalBinding, type RecordTag, sealFrame,
} from './journal-format.js';

export const journalPathOf = (path: string): string => `${path}.journal`;
export const journalPrevPathOf = (path: string): string => `${path}.journal.prev`;
export const journalTmpPathOf = (path: string): string => `${path}.journal.tmp`;

interface Pending {
  kind: FrameKind;
  tag: RecordTag | undefined;
  payload: Uint8Array;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Where an opened journal stands (from readFrames), or nothing for a journal not yet created. */
export interface JournalStart {
  frames: number;
  size: number;
  lastTag: Uint8Array;
  binding: Uint8Array;
  witness?: RecordTag;
}

/** The higher of two tags by seq. */
export function laterTag(a: RecordTag | undefined, b: RecordTag | undefined): RecordTag | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

/** The journal of one snapshot generation. Disk steps run on `io`, shared with snapshot writes. */
export class Journal {
  #writer: FileWriter | undefined;
  #start: JournalStart | undefined;
  #pending: Pending[] = [];
  #scheduled = false;
  #dirty = false;
  #witness: RecordTag | undefined;
  #closed = false;

  constructor(
    private readonly fs: () => FsPort,
    private readonly vaultPath: string,
    private readonly key: Uint8Array,
    private readonly io: SerialQueue,
    readonly bound: JournalBinding,
    start: JournalStart | undefined,
    witness: RecordTag | undefined,
  ) {
    this.#start = start;
    this.#witness = laterTag(witness, start?.witness);
  }

  /** Frames written to this journal (durable). */
  get frames(): number {
    return this.#start?.frames ?? 0;
  }

  /** True once the journal file exists on disk. */
  get exists(): boolean {
    return this.#start !== undefined;
  }

  /** Bytes of this journal on disk. */
  get size(): number {
    return this.#start?.size ?? 0;
  }

  /** The highest witness or change tag written (or carried over). */
  get witness(): RecordTag | undefined {
    return this.#witness;
  }

  /**
   * Append one frame; resolves once it is durable. Takes ownership of `payload` (zeroed once
   * sealed). Rejects with the disk's error; the frame is then not in the journal.
   */
  append(kind: FrameKind, tag: RecordTag | undefined, payload: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ kind, tag, payload, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      void this.io.run(() => this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    let writer: FileWriter | undefined;
    try {
      if (this.#closed) throw new Error('the vault journal is closed');
      writer = await this.#ensure();
      if (this.#closed) throw new Error('the vault journal is closed'); // locked (key zeroed) meanwhile
      const start = this.#start!; // set by #ensure
      let index = start.frames;
      let prev = start.lastTag;
      const parts: Uint8Array[] = [];
      for (const f of batch) {
        const sealed = sealFrame(this.key, start, index++, prev, f.kind, f.tag, f.payload);
        f.payload.fill(0);
        parts.push(sealed.bytes);
        prev = sealed.tag;
      }
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      await writer.writeAt(out, start.size);
      await writer.sync();
      this.#start = { ...start, frames: index, size: start.size + out.length, lastTag: prev };
      for (const f of batch) if (f.kind !== 'abort') this.#witness = laterTag(this.#witness, f.tag);
    } catch (e) {
      for (const f of batch) {
        f.payload.fill(0);
        f.reject(e);
      }
      // Cut whatever part of the batch reached the file; if even that fails, the next
      // append cuts it first (a frame is never written after a torn one).
      if (writer && this.#start) await writer.truncate(this.#start.size).catch(() => { this.#dirty = true; });
      return;
    }
    for (const f of batch) f.resolve();
  }

  /** Create the journal file now (header only, atomically), so its witness survives a lock. Run on `io`. */
  async create(): Promise<void> {
    if (!this.#start) await this.#ensure();
  }

  /** The writer, creating the journal file (header, atomically) on the first append. */
  async #ensure(): Promise<FileWriter> {
    const fs = this.fs();
    if (!this.#start) {
      const header = encodeJournalHeader(this.key, this.bound, this.#witness);
      await writeFileDurably(fs, journalPathOf(this.vaultPath), header, { tmpPath: journalTmpPathOf(this.vaultPath), removeTmpOnFailure: true });
      this.#start = {
        frames: 0, size: JOURNAL_HEADER_LENGTH, lastTag: header.slice(JOURNAL_HEADER_LENGTH - 16), binding: header.slice(10, 70),
        ...(this.#witness ? { witness: this.#witness } : {}),
      };
    }
    if (!this.#writer) {
      this.#writer = await fs.openWriter(journalPathOf(this.vaultPath));
      if (this.#writer.initialSize !== this.#start.size) this.#dirty = true; // a torn tail cut at open
    }
    if (this.#dirty) {
      await this.#writer.truncate(this.#start.size);
      await this.#writer.sync();
      this.#dirty = false;
    }
    return this.#writer;
  }

  /** Close the file (the journal is then folded or the vault locked); later appends reject. Never throws. */
  async close(): Promise<void> {
    this.#closed = true;
    const w = this.#writer;
    this.#writer = undefined;
    await w?.close().catch(() => undefined);
  }
}

/** What reconciliation decided for the change frames of a journal. */
export interface Reconciled {
  /** Change frames to apply, in order. */
  apply: Frame[];
  /** Pending changes whose record was never written (a crash before it): dropped. */
  discarded: RecordTag[];
  /** Changes whose record is missing although a later change's record is present: applied, and reported. */
  breaks: RecordTag[];
}

/**
 * Decide which change frames count (audit/intent.ts): a change tagged with a record counts
 * when the record is in the log; a missing record is a crash before it was written when no
 * later tagged change has its record (discarded), and a removed record otherwise (a break).
 * Changes named by an abort frame never count; untagged changes always do.
 */
export function reconcile(frames: readonly Frame[], hasRecord: (tag: RecordTag) => boolean): Reconciled {
  const key = (t: RecordTag): string => `${t.seq}:${t.hash}`;
  const aborted = new Set(frames.filter((f) => f.kind === 'abort' && f.tag).map((f) => key(f.tag!))); // filtered on f.tag
  const changes = frames.filter((f) => f.kind === 'change' && !(f.tag && aborted.has(key(f.tag))));
  const present = changes.map((f) => (f.tag ? hasRecord(f.tag) : true));
  let lastPresent = -1;
  changes.forEach((f, i) => { if (f.tag && present[i]) lastPresent = i; });
  const out: Reconciled = { apply: [], discarded: [], breaks: [] };
  changes.forEach((f, i) => {
    if (present[i] || !f.tag) out.apply.push(f);
    else if (i < lastPresent) {
      out.breaks.push(f.tag);
      out.apply.push(f);
    } else out.discarded.push(f.tag);
  });
  return out;
}
