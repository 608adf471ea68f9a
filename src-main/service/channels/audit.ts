/** audit:* channels: query the log, and verify its hash chain against the anchor kept in the vault. */
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** Both need an unlocked vault (VaultLockedException otherwise). */
export function auditChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'audit'>> {
  const { sessions, audit } = ctx;
  return {
    'audit:query': async (req) => {
      sessions.require();
      return audit.query(req);
    },
    'audit:verify': async () => {
      const anchor = sessions.require().state.auditAnchor;
      return audit.verify(anchor ? { anchor } : {});
    },
  };
}
