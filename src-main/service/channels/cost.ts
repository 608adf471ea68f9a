/** cost:* channels: the month's estimate at AWS list prices, requests counted from the audit log; AWS managed keys carry no monthly fee. */
import { AWS_KMS_PRICING } from '../../../src-shared/pricing/aws-kms.js';
import { countKmsRequests } from '../../audit/usage.js';
import { estimateCost, monthOf, monthRange, type BillableKey } from '../../cost/estimator.js';
import { aliasesOf } from '../../kms/aliases.js';
import { isAwsManaged } from '../../kms/aws-managed.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from '../handlers.js';

/** cost:estimate for `Month` (YYYY-MM, default the clock's month); keys deleted this month still bill until their deletion was scheduled. */
export function costChannels(ctx: ServiceContext): HandlerMap<ChannelsOf<'cost'>> {
  const { clock, sessions, audit } = ctx;
  return {
    'cost:estimate': async (req) => {
      const s = sessions.require();
      const m = req.Month ?? monthOf(clock.now());
      const { start, end } = monthRange(m);
      const keys: BillableKey[] = [...s.state.keys.values()].map((k) => {
        const b: BillableKey = {
          keyId: k.keyId,
          aliases: aliasesOf(s.ctx, k.keyId),
          creationDate: k.creationDate,
          rotationDates: k.materials.filter((x) => x.rotationType).map((x) => x.createdAt),
        };
        if (k.pendingDeletionSince !== undefined) b.billedUntil = k.pendingDeletionSince;
        if (isAwsManaged(k)) b.awsManaged = true; // no monthly fee; its requests still count

        return b;
      });
      for (const d of s.state.deletedKeys) {
        keys.push({ keyId: d.keyId, aliases: [], creationDate: d.creationDate, billedUntil: d.pendingDeletionSince, rotationDates: d.rotationDates });
      }
      const requests = countKmsRequests(audit, new Date(start), new Date(end));
      return estimateCost({ month: m, now: clock.now(), keys, requests, profile: AWS_KMS_PRICING });
    },
  };
}
