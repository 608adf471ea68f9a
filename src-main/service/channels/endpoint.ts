/**
 * api:* and accessKeys:* channels: the local KMS endpoint's status and settings, and the
 * access keys its callers sign with (issued into the vault, the secret shown once).
 */
import { createAccessKey, listAccessKeys, revokeAccessKey } from '../access-keys.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/**
 * api:configure applies the change first (a port that cannot be bound is a ValidationException),
 * then commits it with its record, and puts the endpoint back if the record is refused.
 */
export function endpointChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'api' | 'accessKeys'>> {
  const { sessions, endpoint } = ctx;
  return {
    'api:status': async () => endpoint.status(ctx.endpointSettings()),
    'api:configure': async (req) => {
      const s = sessions.require();
      const port = req.Port ?? s.state.settings.apiPort;
      const was = { enabled: s.state.settings.apiEnabled, port: s.state.settings.apiPort };
      await endpoint.configure(req.Enabled, port);
      // Refused (its record not written): the endpoint goes back to what it was.
      ctx.changes.onAbort(() => {
        sessions.noteSettings();
        void endpoint.configure(was.enabled, was.port).catch(() => undefined);
      }, 'The endpoint settings were not changed.');
      s.state.settings.apiEnabled = req.Enabled;
      s.state.settings.apiPort = port;
      await s.ctx.commit();
      sessions.noteSettings();
      return endpoint.status(ctx.endpointSettings());
    },
    'accessKeys:create': async (req) => {
      const s = sessions.require();
      const created = createAccessKey(s.state, req.Description ?? '', ctx.clock.now());
      await s.ctx.commit();
      return created;
    },
    'accessKeys:list': async () => ({ AccessKeys: listAccessKeys(sessions.require().state) }),
    'accessKeys:revoke': async (req) => {
      const s = sessions.require();
      revokeAccessKey(s.state, req.AccessKeyId);
      await s.ctx.commit();
      return { AccessKeyId: req.AccessKeyId };
    },
  };
}
