/**
 * Monthly cost estimate (pure). Storage: $1 per key-month prorated hourly, nothing from the
 * moment a key is scheduled for deletion (a cancelled deletion is billed as if never
 * scheduled, so only the current schedule matters). Rotation: the first two rotations each
 * add $1/month from their date. Requests: per 10,000 after the monthly free tier; only KMS API
 * calls count (audit/usage.ts), never the console's own reads of its views (console:* channels,
 * recorded as AwsConsoleAction), which are not workload requests.
 * AWS managed keys (alias/aws/*) exist in the account free of charge, for storage and for
 * their yearly rotation; their use is charged, so their requests count like any other
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 * The figure is a projection: keys that exist now are assumed to stay to the month's end;
 * requests are those made so far.
 */
import type { CostEstimate, KeyCost } from '../../src-shared/app.js';
import type { PricingProfile } from '../../src-shared/pricing/aws-kms.js';
import { HOUR_MS } from '../platform/clock.js';

export interface BillableKey {
  keyId: string;
  aliases: string[];
  creationDate: number;
  /** Billing stops here: deletion scheduled, or the key erased. */
  billedUntil?: number;
  rotationDates: number[];
  /** An AWS managed key (KeyManager AWS): no storage or rotation fee, requests still count. */
  awsManaged?: boolean;
}

export interface CostInput {
  month: string; // YYYY-MM (UTC)
  now: Date;
  keys: BillableKey[];
  /** Requests this month, in total and by key id. */
  requests: { total: number; byKey: Map<string, number> };
  profile: PricingProfile;
}

export function monthRange(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}

export function monthOf(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Whole or partial hours within [from, to) ∩ month; AWS prorates hourly, so partial hours round up. */
function billedHours(from: number, to: number, start: number, end: number): number {
  const a = Math.max(from, start);
  const b = Math.min(to, end);
  return b > a ? Math.ceil((b - a) / HOUR_MS) : 0;
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

export function estimateCost(input: CostInput): CostEstimate {
  const { start, end } = monthRange(input.month);
  const p = input.profile;
  const perHour = p.keyMonthUsd / p.hoursPerMonth;
  const maxHours = p.hoursPerMonth; // never more than $1 per key-month
  const keys: KeyCost[] = input.keys.map((k) => {
    const until = k.awsManaged ? start : k.billedUntil ?? end; // an AWS managed key is never billed a month
    const hours = Math.min(maxHours, billedHours(k.creationDate, until, start, end));
    const rotationHours = [...k.rotationDates]
      .sort((a, b) => a - b)
      .slice(0, p.chargedRotations)
      .reduce((sum, r) => sum + Math.min(maxHours, billedHours(r, until, start, end)), 0);
    const storage = round(hours * perHour);
    const rotation = round(rotationHours * (p.rotationMonthUsd / p.hoursPerMonth));
    return {
      KeyId: k.keyId,
      Aliases: k.aliases,
      BilledHours: hours,
      StorageUsd: storage,
      RotationUsd: rotation,
      Requests: input.requests.byKey.get(k.keyId) ?? 0,
      TotalUsd: round(storage + rotation),
    };
  });
  const storage = round(keys.reduce((s, k) => s + k.StorageUsd, 0));
  const rotation = round(keys.reduce((s, k) => s + k.RotationUsd, 0));
  const total = input.requests.total;
  const free = Math.min(total, p.freeTierRequests);
  const billed = total - free;
  const requestsUsd = round((billed / 10_000) * p.symmetricRequestsPer10kUsd);
  return {
    Month: input.month,
    AsOf: input.now,
    Keys: keys,
    StorageUsd: storage,
    RotationUsd: rotation,
    Requests: total,
    FreeRequests: free,
    BilledRequests: billed,
    RequestsUsd: requestsUsd,
    TotalUsd: round(storage + rotation + requestsUsd),
    Profile: { name: p.name, source: p.source, date: p.date },
  };
}
