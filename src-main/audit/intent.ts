/**
 * The one write path of a change and its audit record ("record intent first, reconcile at
 * open"). A call that changes the vault hands its record to the audit writer together with an
 * AuditIntent. The writer seals the record (fixing its seq and hash), asks the intent to make
 * the change durable as *pending*, tagged with that place (`prepare`), then writes the record.
 * The change is committed exactly when its record is in the log:
 *
 *   - record written          -> commit(): the change is final (in memory it already is);
 *   - record not written      -> abort(): memory is put back synchronously, before any other
 *                                call can observe it; the pending change on disk is
 *                                discarded (now, or by reconciliation at the next open).
 *
 * At open, a pending change whose record is not in the log is discarded (the crash happened
 * before the record was written, so no caller was answered), and a record that claims a change
 * missing from the vault is reported as a break.
 */

/** Where a record sits in the audit chain: its seq (1-based) and hash (64 hex). */
export interface RecordTag {
  seq: number;
  hash: string;
}

/** A vault change waiting for its audit record (see the file comment). */
export interface AuditIntent {
  /**
   * Make the change durable as pending, tagged with its record's place. Called by the audit
   * writer, in chain order, before the record's bytes are written. Rejecting aborts the
   * record (and every record after it that was sealed on top of it).
   */
  prepare(tag: RecordTag): Promise<void>;
  /** The record is written: the change is committed. Never throws. */
  commit(): void;
  /**
   * The record will not be written: undo the change in memory, synchronously, and discard
   * what prepare() wrote (best effort; reconciliation at open discards it otherwise).
   * Never throws.
   */
  abort(): void;
}
