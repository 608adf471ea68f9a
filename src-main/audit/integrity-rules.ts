/**
 * The integrity rules of the audit log, one record and one digest at a time, so that any
 * verifier (the streaming walk in verify.ts, the quick check at unlock, a faster verifier)
 * applies the same rules. Modelled on CloudTrail log file integrity validation, which
 * validates the digest chain first and then each log file against its digest
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
 *
 * Rules:
 * - digests: numbered 1, 2, ... in file order, each linking to the previous one's MAC and
 *   carrying a valid MAC under the audit key ("digest #n is missing / changed / out of order");
 * - a record whose seq a digest names must have that digest's head hash (a changed, removed or
 *   replaced record up to there), and the log must reach every digest's and the witness's head
 *   (records missing from the end);
 * - an unkeyed (SHA-256) record after keyed ones is allowed only where the key was not held:
 *   after a `lock` digest, or from a later run that started locked after the previous run
 *   stopped (its first digest's `openedAt`); anything else is a forged record;
 * - the vault's witness must not be behind the digests (a vault replaced by an older copy).
 *
 * A problem has a stable `key` (by record seq or digest number); a break a person acknowledged
 * is matched by key, reported as acknowledged, and verification goes on past it.
 */
import type { AuditRecord } from '../../src-shared/audit.js';
import { type ChainKey, isKeyed } from './chain.js';
import { type AuditDigest, digestMac, type DigestLine, FIRST_PREV } from './digest.js';
import type { WitnessState } from './witness.js';

/** A problem found: where (first bad seq), a stable key for acknowledgement, and why. */
export interface IntegrityProblem {
  seq: number;
  key: string;
  reason: string;
}

/** What the rules check against. */
export interface IntegrityInputs {
  /** The audit key; without it keyed records and digest MACs cannot be checked. */
  key: ChainKey;
  /** digests.jsonl, in file order. */
  digests: readonly DigestLine[];
  /** The vault's witness (undefined: none recorded). */
  witness: WitnessState | undefined;
  /** An older vault's anchor without a digest number (checked as a head only). */
  legacyAnchor?: { seq: number; hash: string } | undefined;
  /** This process's run, when verifying the live log. */
  current?: { run: string; openedAt: number } | undefined;
  /** Keys of problems a person acknowledged. */
  acknowledged?: ReadonlySet<string> | undefined;
}

const NONE: readonly AuditDigest[] = [];

/** Per-record and end-of-log rules over one set of digests and one witness. */
export class IntegrityRules {
  /** Digests that passed the chain checks, by number. */
  readonly valid: AuditDigest[] = [];
  /** The first digest-chain problem, if any. */
  readonly digestProblem: IntegrityProblem | undefined;
  /** Problems acknowledged and passed over, in order. */
  readonly passed: IntegrityProblem[] = [];
  /** Unkeyed records after keyed ones that the rules allowed (written while locked). */
  unkeyedAllowed = 0;
  private readonly pins = new Map<number, AuditDigest[]>();
  private readonly byTo: AuditDigest[];
  private toPtr = 0;
  /** The latest (highest n) digest with `to` below the current record. */
  private before: AuditDigest | undefined;
  private keyedSeen = false;

  constructor(private readonly inp: IntegrityInputs) {
    this.digestProblem = this.checkDigestChain();
    for (const d of this.valid) {
      const list = this.pins.get(d.to) ?? [];
      list.push(d);
      this.pins.set(d.to, list);
    }
    this.byTo = [...this.valid].sort((a, b) => a.to - b.to || a.n - b.n);
  }

  /** Acknowledged: note it and go on; else it is the problem to report. */
  private report(p: IntegrityProblem): IntegrityProblem | undefined {
    if (this.inp.acknowledged?.has(p.key)) {
      this.passed.push(p);
      return undefined;
    }
    return p;
  }

  private checkDigestChain(): IntegrityProblem | undefined {
    let expected = 1;
    let prev = FIRST_PREV;
    let vault = 0;
    for (const l of this.inp.digests) {
      let p: IntegrityProblem | undefined;
      if ('unreadable' in l) {
        p = { seq: 0, key: `digest:${expected}`, reason: `${l.unreadable}: digest #${expected} was changed or damaged` };
      } else {
        const d = l.digest;
        if (d.n > expected) {
          p = { seq: d.from, key: `digest:${expected}`, reason: `digest #${expected} is missing (found #${d.n} in its place): digests were removed or reordered` };
        } else if (d.n < expected) {
          p = { seq: d.from, key: `digest:${expected}`, reason: `digest #${d.n} appears after #${expected - 1}: digests were duplicated or reordered` };
        } else if (this.inp.key && digestMac(d, this.inp.key) !== d.mac) {
          p = { seq: d.from, key: `digest:${d.n}`, reason: `digest #${d.n} was changed or forged (MAC mismatch)` };
        } else if (d.prev !== prev) {
          p = { seq: d.from, key: `digest:${d.n}`, reason: `digest #${d.n} does not link to digest #${d.n - 1}: one of them was replaced` };
        } else if (d.vault !== undefined && d.vault < vault) {
          p = { seq: d.from, key: `vault:${d.n}`, reason: `the vault is older than the log says: digest #${d.n} saw it at position ${d.vault}, an earlier digest at ${vault} (the vault was replaced by an older copy)` };
        }
        vault = Math.max(vault, d.vault ?? 0);
        if (!p || this.inp.acknowledged?.has(p.key)) {
          if (p) this.passed.push(p);
          this.valid.push(d);
          expected = d.n + 1;
          prev = d.mac;
          continue;
        }
      }
      if (p && this.inp.acknowledged?.has(p.key)) {
        this.passed.push(p);
        expected++;
        continue;
      }
      return p;
    }
    return undefined;
  }

  /**
   * Check one record that already links to the one before (chain.ts checkLink, keyed when
   * the key is known). Returns the problem, or undefined.
   */
  record(rec: AuditRecord): IntegrityProblem | undefined {
    return this.recordTag(rec.chain.seq, rec.chain.hash, isKeyed(rec));
  }

  /**
   * record() from the three chain values the rules read: seq, hash, and whether chain.alg is
   * "HMAC-SHA256" (the fast walk, verify-walk.ts, has these without a parsed record).
   */
  recordTag(s: number, hash: string, keyed: boolean): IntegrityProblem | undefined {
    while (this.toPtr < this.byTo.length && this.byTo[this.toPtr]!.to < s) {
      const d = this.byTo[this.toPtr++]!;
      if (!this.before || d.n > this.before.n) this.before = d;
    }
    const pinned = this.pins.size > 0 ? this.pins.get(s) : undefined; // no allocation per record
    for (const d of pinned ?? NONE) {
      if (d.head !== hash) {
        const p = this.report({ seq: s, key: `digest:${d.n}`, reason: `record ${s} does not match digest #${d.n}, which vouches for the log up to record ${s}: a record up to ${s} was changed, removed or replaced` });
        if (p) return p;
      }
    }
    const w = this.inp.witness?.tag ?? this.inp.legacyAnchor;
    if (w && w.seq === s && w.hash !== hash) {
      const p = this.report({ seq: s, key: `witness:${s}`, reason: `record ${s} does not match the head the vault witnessed: a record up to ${s} was changed, removed or replaced` });
      if (p) return p;
    }
    if (keyed) {
      this.keyedSeen = true;
      return undefined;
    }
    return this.unkeyed(s);
  }

  /** An unkeyed record: allowed before any key, after a lock, or in a later run that started locked. */
  private unkeyed(s: number): IntegrityProblem | undefined {
    const d = this.before;
    if (!d) {
      if (!this.keyedSeen) return undefined; // a log (or its start) from before keys existed
      return this.report({ seq: s, key: `record:${s}`, reason: `record ${s} has no MAC (SHA-256 only) after records sealed with the audit key: a forged or altered record` });
    }
    if (d.event === 'lock') {
      this.unkeyedAllowed++;
      return undefined;
    }
    const later = this.valid.find((x) => x.n > d.n && x.run !== d.run);
    const start = later ? later.openedAt : this.inp.current && this.inp.current.run !== d.run ? this.inp.current.openedAt : undefined;
    if (start !== undefined && s > start) {
      this.unkeyedAllowed++;
      return undefined;
    }
    const why = d.event === 'close' ? `after the log was closed (digest #${d.n})` : `while the audit key was held (after digest #${d.n})`;
    return this.report({ seq: s, key: `record:${s}`, reason: `record ${s} has no MAC (SHA-256 only) but was written ${why}: a forged or altered record` });
  }

  /** After the last record (seq `last`, all passed): heads the log does not reach, and the witness against the digests. */
  end(last: number): IntegrityProblem | undefined {
    let top: AuditDigest | undefined;
    for (const d of this.valid) if (!top || d.to > top.to) top = d;
    if (top && top.to > last) {
      const p = this.report({ seq: last + 1, key: `digest:${top.n}`, reason: `records ${last + 1} to ${top.to} are missing from the end of the log (digest #${top.n} vouches for the log up to record ${top.to})` });
      if (p) return p;
    }
    const wit = this.inp.witness;
    const w = wit?.tag ?? this.inp.legacyAnchor;
    if (w && w.seq > last) {
      const p = this.report({ seq: last + 1, key: `witness:${w.seq}`, reason: `records ${last + 1} to ${w.seq} are missing from the end of the log (the vault witnessed record ${w.seq})` });
      if (p) return p;
    }
    if (this.digestProblem) return this.digestProblem; // more precise than what the witness would say next
    return this.witnessRule(wit);
  }

  private witnessRule(wit: WitnessState | undefined): IntegrityProblem | undefined {
    const lastD = this.valid[this.valid.length - 1];
    if (!lastD) {
      if (!wit || this.digestProblem) return undefined;
      return this.report({ seq: 1, key: 'digest:1', reason: `digests.jsonl holds no digest although the vault witnessed digest #${wit.tag.digest} (the digests were removed)` });
    }
    const key = `vault:${lastD.n}`;
    if (!wit) {
      if (this.inp.legacyAnchor) return undefined; // a vault from before witnesses; its anchor was checked as a head
      return this.report({ seq: lastD.to, key, reason: `the vault holds no witness of the log although the log has ${lastD.n} digest(s): the vault is older than the log says (replaced by an older copy?)` });
    }
    const wn = wit.tag.digest;
    if (wn < lastD.n || (lastD.vault !== undefined && wit.position < lastD.vault)) {
      return this.report({ seq: wit.tag.seq, key, reason: `the vault is older than the log says: it witnessed digest #${wn} (position ${wit.position}), the log's digest #${lastD.n} saw the vault at position ${lastD.vault ?? '?'} (the vault was replaced by an older copy)` });
    }
    if (wn === lastD.n && (wit.tag.seq !== lastD.to || wit.tag.hash !== lastD.head)) {
      return this.report({ seq: wit.tag.seq, key, reason: `the vault's witness does not match digest #${lastD.n}: one of them was replaced` });
    }
    if (wn > lastD.n) {
      // The witness is recorded just before its digest, so a crash between the two also
      // leaves this picture (once in a long while): it is reported all the same.
      const which = wn === lastD.n + 1 ? `digest #${wn} is` : `digests #${lastD.n + 1} to #${wn} are`;
      return this.report({ seq: lastD.to + 1, key: `digest:${lastD.n + 1}`, reason: `${which} missing from the end of digests.jsonl although the vault witnessed digest #${wn} (removed, or a crash between the witness and the digest)` });
    }
    return undefined;
  }
}
