/**
 * Integrity failures as the UI shows them (vault:status `integrity`): what was found and what
 * the user can do. The audit log's open-time check is described in docs/architecture.md.
 */
import type { IntegrityProblem } from '../../src-shared/app.js';
import type { AuditVerifyResult } from '../../src-shared/audit.js';

/** The audit log's open-time check as a problem to show, or undefined when it passed. */
export function auditIntegrityProblem(tail: AuditVerifyResult): IntegrityProblem | undefined {
  if (tail.ok) return undefined;
  const at = tail.firstBadSeq === undefined ? '' : ` at record ${tail.firstBadSeq}`;
  return {
    subject: 'audit',
    message: `The audit log failed its integrity check when Keyward opened it${at}${tail.reason ? `: ${tail.reason}` : ''}.`,
    advice:
      'Records may have been removed, reordered or edited. Run Verify chain on the Audit page to see the first bad record, keep a copy of the audit folder for inspection, and compare it with a backup.',
    ...(tail.firstBadSeq === undefined ? {} : { firstBadSeq: tail.firstBadSeq }),
  };
}
