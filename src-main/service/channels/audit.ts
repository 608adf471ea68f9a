/** audit:* channels: query the log, and verify its hash chain against the anchor kept in the vault. */
import type { AuditVerifyProgress, AuditVerifyResult } from '../../../src-shared/audit.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** All need an unlocked vault (VaultLockedException otherwise). */
export function auditChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'audit'>> {
  const { sessions, audit } = ctx;
  // One walk at a time: a second audit:verify while one runs shares its result.
  let running: Promise<AuditVerifyResult> | undefined;
  const progress: AuditVerifyProgress = { running: false, checked: 0, total: 0 };
  return {
    'audit:query': async (req) => {
      sessions.require();
      return audit.query(req);
    },
    'audit:verify': async () => {
      const anchor = sessions.require().state.auditAnchor;
      if (!running) {
        Object.assign(progress, { running: true, checked: 0, total: audit.size });
        running = audit
          .verify({
            ...(anchor ? { anchor } : {}),
            onProgress: (checked, total) => Object.assign(progress, { checked, total }),
          })
          .finally(() => {
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
  };
}
