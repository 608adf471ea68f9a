/**
 * Witnesses of the audit chain's head kept outside the audit folder, so that rolling back
 * the log and its digests together is still seen: the vault (always) and the OS keychain
 * (where there is one). The service implements the port; the audit log calls it at every
 * digest, before the digest is written, so a witness is never behind the digest file.
 */
import type { RecordTag } from './intent.js';

/** The head a witness holds: the record tag and the number of the digest that vouches for it. */
export interface WitnessTag extends RecordTag {
  /** The digest number (1-based) written right after this witness. */
  digest: number;
}

/** What a witness holds now: the last tag it recorded and its position (witnesses recorded so far). */
export interface WitnessState {
  tag: WitnessTag;
  /** Count of witnesses this store has recorded; a store rolled back shows a smaller count. */
  position: number;
}

/** A place outside the audit folder that remembers the latest head. */
export interface WitnessPort {
  /** Record `tag` durably. Rejects when it cannot (the digest is then not written). */
  record(tag: WitnessTag): Promise<void>;
  /** The last recorded tag and position, or undefined when none was ever recorded. */
  latest(): WitnessState | undefined;
}

/** A witness that is not kept, and why (e.g. no OS keychain on this system). */
export interface SkippedWitness {
  name: string;
  reason: string;
}
