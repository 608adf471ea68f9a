/** clock:* and schedule:* channels: the clock (virtual in training mode) and the rotation and deletion schedule. */
import { UnsupportedOperationException } from '../../../src-shared/kms/errors.js';
import { DAY_MS, VirtualClock } from '../../platform/clock.js';
import { upcomingEvents } from '../../schedule/scheduler.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** clock:advance throws UnsupportedOperationException on the system clock; on a virtual one it moves time and runs the scheduler. */
export function timeChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'clock' | 'schedule'>> {
  const { clock, sessions } = ctx;
  const virtualClock = (): VirtualClock => {
    if (!(clock instanceof VirtualClock)) {
      throw new UnsupportedOperationException('Keyward is using the system clock. Start it with --virtual-clock to move time for training.');
    }
    return clock;
  };
  return {
    'clock:get': async () => ({ Now: clock.now(), Virtual: clock.virtual }),
    'clock:advance': async (req) => {
      virtualClock().advance(req.Days * DAY_MS);
      await ctx.runScheduler();
      return { Now: clock.now(), Virtual: true };
    },
    'schedule:upcoming': async (req) => {
      const Events = upcomingEvents(sessions.require().ctx, req.Days ?? 365);
      const w = ctx.schedulerWaiting();
      return w ? { Events, Waiting: { Since: w.since, Reason: w.reason, Attempts: w.attempts, RetryAt: w.retryAt } } : { Events };
    },
  };
}
