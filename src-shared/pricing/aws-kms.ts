/**
 * AWS KMS pricing as data (https://aws.amazon.com/kms/pricing/).
 * A profile is data so a trainer can compare it with another Region's or a future price list.
 */
export interface PricingProfile {
  name: string;
  source: string;
  /** When the figures were read from the source. */
  date: string;
  currency: 'USD';
  /** $ per key-month, prorated hourly. */
  keyMonthUsd: number;
  /** AWS prorates on a 730-hour month. */
  hoursPerMonth: number;
  /** Each of the first `chargedRotations` rotations adds `rotationMonthUsd` per month (model of 2024-04-12). */
  rotationMonthUsd: number;
  chargedRotations: number;
  /** $ per 10,000 requests with symmetric and HMAC keys. */
  symmetricRequestsPer10kUsd: number;
  /** Free requests per month, across Regions. */
  freeTierRequests: number;
}

export const AWS_KMS_PRICING: PricingProfile = {
  name: 'AWS KMS, US East (N. Virginia)',
  source: 'https://aws.amazon.com/kms/pricing/ (key storage, key rotation, requests, free tier)',
  date: '2026-03-14',
  currency: 'USD',
  keyMonthUsd: 1,
  hoursPerMonth: 730,
  rotationMonthUsd: 1,
  chargedRotations: 2,
  symmetricRequestsPer10kUsd: 0.03,
  freeTierRequests: 20_000,
};
