/** settings:* channels: the vault's idle lock, account id and region. */
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** settings:update commits the changed settings and re-arms the idle lock with the new time. */
export function settingsChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'settings'>> {
  const { sessions } = ctx;
  return {
    'settings:update': async (req) => {
      const s = sessions.require();
      if (req.IdleLockMinutes !== undefined) s.state.settings.idleLockMinutes = req.IdleLockMinutes;
      if (req.AccountId !== undefined) s.state.settings.accountId = req.AccountId;
      if (req.Region !== undefined) s.state.settings.region = req.Region;
      await s.ctx.commit(); // written with the call's audit record
      sessions.noteSettings();
      ctx.changes.onAbort(() => sessions.noteSettings(), 'The settings were not changed.');
      sessions.armIdleLock();
      return sessions.status();
    },
  };
}
