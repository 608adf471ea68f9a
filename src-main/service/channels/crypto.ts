/** crypto:* channels: the startup known-answer self-tests. */
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** crypto:selfTest reports the run before the first operation; At is when it ran. */
export function cryptoChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'crypto'>> {
  const { selfTest } = ctx;
  return {
    'crypto:selfTest': async () => ({
      Ok: selfTest.ok,
      At: selfTest.at,
      Results: selfTest.results.map((r) => ({ Name: r.name, Ok: r.ok, ...(r.error !== undefined ? { Error: r.error } : {}) })),
    }),
  };
}
