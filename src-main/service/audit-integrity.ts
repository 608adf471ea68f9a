/**
 * The service's side of the audit log's integrity (audit/integrity.ts): the audit key kept
 * in the vault and handed to the log on unlock and lock, the witness of the head kept in the
 * vault, and breaks kept in the vault until a person acknowledges them.
 *
 * The witness is `state.auditAnchor`, committed on its own as one journal frame
 * (VaultSession.commitAuditFields), beside any change still waiting for its record.
 *
 * The OS keychain witness is not kept: the keychain port (vault/keychain.ts) protects and
 * unprotects secrets but stores nothing Keyward can read back as a head, and on Linux
 * without a Secret Service there is no keychain at all; keychainWitnessSkipped() says so.
 */
import type { AuditBreak } from '../../src-shared/audit.js';
import type { IntegrityProblem } from '../audit/integrity-rules.js';
import type { AuditLog } from '../audit/store.js';
import type { SkippedWitness, WitnessPort, WitnessState } from '../audit/witness.js';
import { randomBytes, randomUuid } from '../crypto/random.js';
import type { AuditAnchor } from '../kms/model.js';
import type { Clock } from '../platform/clock.js';
import type { Keychain } from '../vault/keychain.js';
import type { VaultSession } from './session.js';

/** Bytes of the audit key (HMAC-SHA256 key, RFC 2104 recommends at least the hash length). */
export const AUDIT_KEY_BYTES = 32;

/** The vault as the audit log's witness (the shim; see the file comment). */
export function vaultWitness(current: () => VaultSession | undefined): WitnessPort {
  return {
    async record(tag) {
      const s = current();
      if (!s) throw new Error('the vault is locked: no witness can be recorded');
      const anchor: AuditAnchor = { seq: tag.seq, hash: tag.hash, digest: tag.digest, position: (s.state.auditAnchor?.position ?? 0) + 1 };
      s.state.auditAnchor = anchor;
      await s.commitAuditFields(['auditAnchor']);
    },
    latest(): WitnessState | undefined {
      const a = current()?.state.auditAnchor;
      if (!a || a.digest === undefined) return undefined;
      return { tag: { seq: a.seq, hash: a.hash, digest: a.digest }, position: a.position ?? 0 };
    },
  };
}

/** Why no OS keychain witness is kept on this system (see the file comment). */
export async function keychainWitnessSkipped(keychain: Keychain): Promise<SkippedWitness> {
  const st = await keychain.status().catch(() => ({ available: false, backend: 'none' }));
  return {
    name: 'OS keychain',
    reason: st.available
      ? `not kept yet: Keyward keeps no OS keychain witness on any system so far (the keychain port, ${st.backend}, protects secrets but stores nothing Keyward can read back)`
      : 'not kept yet: Keyward keeps no OS keychain witness on any system so far, and this system has no OS keychain (on Linux: no Secret Service)',
  };
}

/** The keys of breaks a person acknowledged (verification passes over them). */
export function acknowledgedKeys(s: VaultSession): Set<string> {
  return new Set((s.state.auditBreaks ?? []).filter((b) => b.acknowledgedAt !== undefined).map((b) => b.key));
}

/** Breaks not yet acknowledged. */
export function openBreaks(s: VaultSession): AuditBreak[] {
  return (s.state.auditBreaks ?? []).filter((b) => b.acknowledgedAt === undefined);
}

/**
 * Keep a detected break in the vault (once per problem key while it is open), committed at
 * once so that no later change, lock or restart forgets it.
 */
export async function storeBreak(s: VaultSession, p: IntegrityProblem, clock: Clock): Promise<void> {
  if (openBreaks(s).some((b) => b.key === p.key)) return;
  const b: AuditBreak = { id: randomUuid(), key: p.key, seq: p.seq, reason: p.reason, detectedAt: clock.now().toISOString() };
  const list = [...(s.state.auditBreaks ?? []), b];
  s.state.auditBreaks = list;
  await s.commitAuditFields(['auditBreaks']);
}

/**
 * On unlock: create the audit key at first unlock (a normal commit), hand it to the log,
 * and keep what the log's check (or open()'s tail check) found as breaks.
 */
export async function auditUnlocked(s: VaultSession, audit: AuditLog, clock: Clock, warn: (m: string) => void): Promise<void> {
  if (!s.state.auditKey) {
    s.state.auditKey = randomBytes(AUDIT_KEY_BYTES);
    await s.commitAuditFields(['auditKey']);
  }
  let problem: IntegrityProblem | undefined;
  try {
    problem = await audit.setKey(s.state.auditKey.slice(), 'lock', acknowledgedKeys(s));
  } catch {
    problem = { seq: audit.head.seq, key: 'check', reason: 'the audit log could not be checked against its digests at unlock' };
  }
  const tail = audit.openReport.tail;
  const found = [problem, tail.ok ? undefined : { seq: tail.firstBadSeq ?? 0, key: `record:${tail.firstBadSeq ?? 0}`, reason: tail.reason ?? 'broken' }];
  for (const p of found) {
    if (!p || acknowledgedKeys(s).has(p.key)) continue;
    warn(`the audit log failed its integrity check at record ${p.seq}: ${p.reason}`);
    await storeBreak(s, p, clock);
  }
}
