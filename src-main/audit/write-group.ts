/**
 * The writer's bookkeeping for records that carry an AuditIntent (intent.ts): sealing a
 * group in chain order, preparing the intents before the group's bytes are written, and
 * refusing a failed record with everything sealed or queued after it (writer.ts).
 */
import type { AuditRecord } from '../../src-shared/audit.js';
import { type ChainKey, sealRecordLine, type UnsealedRecord } from './chain.js';
import type { AuditIntent } from './intent.js';
import { type AuditHead, writeError } from './log-types.js';

/** One append() waiting to be sealed and written. */
export interface PendingAppend {
  event: UnsealedRecord;
  /** The vault change this record stands for, if any. */
  intent: AuditIntent | undefined;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

/** A record sealed into the chain (seq, hash fixed), with its line as written (newline included). */
export interface SealedAppend {
  p: PendingAppend;
  record: AuditRecord;
  line: Buffer;
}

/**
 * Seal `event` on top of `head`, keyed with `key` (HMAC-SHA256; undefined: SHA-256, chain.ts).
 * @throws TypeError for an event without eventName/eventTime strings.
 */
export function sealEvent(event: UnsealedRecord, head: AuditHead, key?: ChainKey): { record: AuditRecord; line: Buffer } {
  if (typeof event !== 'object' || event === null) throw new TypeError('"event" expected an object');
  if (typeof event.eventName !== 'string' || typeof event.eventTime !== 'string') {
    throw new TypeError('"event" expected eventName and eventTime strings');
  }
  const sealed = sealRecordLine(event, head.seq + 1, head.hash, key);
  return { record: sealed.record, line: Buffer.from(`${sealed.line}\n`, 'utf8') };
}

/**
 * Seal batch[start..] on top of `head` (keyed with `key`) until `room` records are sealed. A malformed event
 * without an intent is rejected alone; one with an intent stops the group (`malformed`: the
 * caller refuses it and everything after it).
 */
export function sealGroup(
  batch: readonly PendingAppend[], start: number, room: number, head: AuditHead, key?: ChainKey,
): { sealed: SealedAppend[]; head: AuditHead; next: number; malformed?: { at: number; why: string } } {
  const sealed: SealedAppend[] = [];
  let i = start;
  for (; i < batch.length && sealed.length < room; i++) {
    const p = batch[i]!;
    try {
      const s = sealEvent(p.event, head, key);
      sealed.push({ p, record: s.record, line: s.line });
      head = { seq: s.record.chain.seq, hash: s.record.chain.hash };
    } catch (e) {
      const why = `the record is malformed: ${e instanceof Error ? e.message : 'unknown'}`;
      if (p.intent) return { sealed, head, next: i, malformed: { at: i, why } };
      p.reject(writeError(why));
    }
  }
  return { sealed, head, next: i };
}

/** True if any of `items` carries an intent (refusing it undoes a change others may have seen). */
export function anyIntent(items: readonly PendingAppend[]): boolean {
  return items.some((p) => p.intent !== undefined);
}

/**
 * Refuse `items` (given in chain order): abort their intents in reverse chain order, all in
 * this tick (so no call can observe a change whose record will not be written), then reject
 * each with `err`. Never throws.
 */
export function refuseAll(items: readonly PendingAppend[], err: unknown): void {
  for (let k = items.length - 1; k >= 0; k--) {
    try {
      items[k]!.intent?.abort();
    } catch {
      // abort() never throws by contract; a broken one must not stop the others
    }
  }
  for (const p of items) p.reject(err);
}

/**
 * Call prepare(tag) of every intent in `sealed`, in chain order, without waiting between them
 * (the vault side may group its fsync), then wait for all. Returns the position of the first
 * that rejected (and why), or -1 when all are durable as pending.
 */
export async function prepareAll(sealed: readonly SealedAppend[]): Promise<{ failedAt: number; error?: unknown }> {
  const started = sealed.map((x) =>
    x.p.intent ? x.p.intent.prepare({ seq: x.record.chain.seq, hash: x.record.chain.hash }) : Promise.resolve(),
  );
  const results = await Promise.allSettled(started);
  const failedAt = results.findIndex((r) => r.status === 'rejected');
  if (failedAt < 0) return { failedAt };
  const r = results[failedAt]!;
  return { failedAt, error: r.status === 'rejected' ? r.reason : undefined };
}

/** commit() each intent in chain order, once its record is written (and synced). Never throws. */
export function commitAll(sealed: readonly SealedAppend[]): void {
  for (const x of sealed) {
    try {
      x.p.intent?.commit();
    } catch {
      // commit() never throws by contract
    }
  }
}
