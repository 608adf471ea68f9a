/** Free-tier arithmetic for the Costs page. */
import type { CostEstimate } from '../../src-shared/app';

/** The AWS KMS free tier: 20,000 requests a month (the pricing profile may override). */
export const FREE_TIER_REQUESTS = 20_000;

export interface FreeTierUsage {
  allowance: number;
  used: number;
  remaining: number;
  /** 0..100 */
  percent: number;
}

/**
 * `FreeRequests` in the estimate is the number of this month's requests the free tier
 * covered; `BilledRequests` the rest. The allowance is the free tier size: when requests
 * exceed it, FreeRequests equals it; otherwise we show the standard allowance.
 */
export function freeTierUsage(est: Pick<CostEstimate, 'Requests' | 'FreeRequests' | 'BilledRequests'>): FreeTierUsage {
  const allowance = est.BilledRequests > 0 ? est.FreeRequests : Math.max(FREE_TIER_REQUESTS, est.FreeRequests);
  const used = Math.min(est.Requests, allowance);
  const remaining = Math.max(0, allowance - used);
  const percent = allowance > 0 ? Math.min(100, (used / allowance) * 100) : 100;
  return { allowance, used, remaining, percent };
}
