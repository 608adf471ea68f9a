/**
 * console:* channels: the console's own reads of the open vault, one call per view
 * (src-shared/console.ts). Recorded as console actions, never billed as KMS requests.
 */
import { listKeysForConsole } from '../../kms/key-list.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** console:listKeys throws VaultLockedException when locked; otherwise one page of the Keys list. */
export function consoleChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'console'>> {
  const { sessions } = ctx;
  return {
    'console:listKeys': async (req) => listKeysForConsole(sessions.require().state, req),
  };
}
