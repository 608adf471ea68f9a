/** vault:* channels: status, create, unlock (passphrase or OS keychain), lock, passphrase and keychain slot changes (each refused with its record, call-changes.ts). */
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
    // Slot changes are staged in the call's change scope and written with their audit record
    // (audit/intent.ts): a refused change leaves the old slots on disk and in memory.
    'vault:changePassphrase': async (req) => {
      const s = sessions.require();
      s.stageSlots(await s.vault.passphraseSlots(s.slots, req.CurrentPassphrase, req.NewPassphrase, ctx.kdf));
      return sessions.status();
    },
    'vault:openPreviousGeneration': async (req) => {
      // A refused restore puts the damaged file back once the abandoned session is locked.
      await sessions.openPreviousGeneration(req.Passphrase, (undo) => ctx.changes.onAbort(() => undo(), 'The previous generation was not opened; the damaged vault file is back in place.'));
      return sessions.status();
    },
    'vault:setKeychainSlot': async (req) => {
      const s = sessions.require();
      if (req.Enabled) {
        await sessions.assertKeychain();
        s.stageSlots(await s.vault.keychainSlots(s.slots, ctx.keychain));
      } else if (s.slots.some((x) => x.type === 'keychain')) {
        s.stageSlots(s.slots.filter((x) => x.type !== 'keychain'));
        // The OS keychain entry goes once the vault no longer refers to it.
        ctx.changes.onCommit(() => {
          void ctx.keychain.forget(s.vault.vaultId).catch(() => console.warn('keyward: the OS keychain could not delete its Keyward entry; remove it by hand'));
        });
      }
      return sessions.status();
    },
  };
}
