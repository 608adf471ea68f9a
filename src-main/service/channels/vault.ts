/** vault:* channels: status, create, unlock (passphrase or OS keychain), lock, passphrase and keychain slot changes. */
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** The vault channels; each answers the vault's status after the change. */
export function vaultChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'vault'>> {
  const { sessions } = ctx;
  return {
    'vault:status': () => sessions.status(),
    'vault:create': async (req) => {
      await sessions.create(req.Passphrase, req.UseKeychain === true);
      return sessions.status();
    },
    'vault:unlock': async (req) => {
      await sessions.unlock(req.Passphrase);
      return sessions.status();
    },
    'vault:unlockWithKeychain': async () => {
      await sessions.unlockWithKeychain();
      return sessions.status();
    },
    'vault:lock': async () => {
      await sessions.lock('user');
      return sessions.status();
    },
    'vault:changePassphrase': async (req) => {
      await sessions.require().vault.changePassphrase(req.CurrentPassphrase, req.NewPassphrase, ctx.kdf);
      return sessions.status();
    },
    'vault:openPreviousGeneration': async (req) => {
      await sessions.openPreviousGeneration(req.Passphrase, (undo) => ctx.refusal.add(undo));
      return sessions.status();
    },
    'vault:setKeychainSlot': async (req) => {
      const s = sessions.require();
      if (req.Enabled) {
        await sessions.assertKeychain();
        await s.vault.addKeychainSlot(ctx.keychain);
      } else {
        await s.vault.removeKeychainSlot(ctx.keychain);
      }
      return sessions.status();
    },
  };
}
