/**
 * audit:* channels: query the log; verify it against its digests and the vault's witness (a
 * walk off the main thread, beside the router's lock, with progress; a break found is kept in
 * the vault, under the lock, and every break not yet acknowledged is reported by every
 * verify); acknowledge a break (an audited change of the vault).
 */
import type { AuditVerifyProgress, AuditVerifyResult } from '../../../src-shared/audit.js';
import { NotFoundException } from '../../../src-shared/kms/errors.js';
import { acknowledgedKeys, keychainWitnessSkipped, openBreaks, storeBreak } from '../audit-integrity.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** Each needs an unlocked vault (VaultLockedException otherwise). */
export function auditChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'audit'>> {
  const { sessions, audit, clock } = ctx;
  // One walk at a time: a second audit:verify while one runs shares its result.
  let running: Promise<AuditVerifyResult> | undefined;
  const progress: AuditVerifyProgress = { running: false, checked: 0, total: 0 };

  async function walk(): Promise<AuditVerifyResult> {
    const s = sessions.require();
    const a = s.state.auditAnchor;
    const witness = a && a.digest !== undefined ? { tag: { seq: a.seq, hash: a.hash, digest: a.digest }, position: a.position ?? 0 } : undefined;
    const legacy = a && a.digest === undefined ? { seq: a.seq, hash: a.hash } : undefined;
    const result = await audit.verify({
      witness,
      anchor: legacy,
      acknowledged: acknowledgedKeys(s),
      onProgress: (checked, total) => Object.assign(progress, { checked, total }),
    });
    if (!result.ok && s === sessions.current) {
      // Storing the break is a vault change: it takes the router's lock like any other.
      await ctx.serialise(() => storeBreak(s, { seq: result.firstBadSeq ?? 0, key: result.problemKey ?? `record:${result.firstBadSeq ?? 0}`, reason: result.reason ?? 'broken' }, clock));
    }
    const open = openBreaks(s);
    const skipped = [await keychainWitnessSkipped(ctx.keychain)];
    const out: AuditVerifyResult = { ...result, ...(open.length > 0 ? { openBreaks: open } : {}), witnessesSkipped: skipped };
    if (result.ok && open.length > 0) {
      const first = open[0]!; // length checked
      return { ...out, ok: false, firstBadSeq: first.seq, reason: `a break detected ${first.detectedAt} is not yet acknowledged: ${first.reason}` };
    }
    return out;
  }

  return {
    'audit:query': async (req) => {
      sessions.require();
      return audit.query(req);
    },
    'audit:verify': async () => {
      sessions.require();
      if (!running) {
        Object.assign(progress, { running: true, checked: 0, total: audit.size });
        running = walk().finally(() => {
          progress.running = false;
          running = undefined;
        });
      }
      return running;
    },
    'audit:verifyProgress': async () => {
      sessions.require();
      return { ...progress };
    },
    'audit:acknowledgeBreak': async (req) => {
      const s = sessions.require();
      const b = openBreaks(s).find((x) => x.id === req.Id);
      if (!b) throw new NotFoundException(`No open audit break has the id ${req.Id}.`);
      b.acknowledgedAt = clock.now().toISOString();
      await s.ctx.commit(); // a normal audited change: undone if its record cannot be written
      return { Acknowledged: { ...b }, OpenBreaks: openBreaks(s) };
    },
  };
}
