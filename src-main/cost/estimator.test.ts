import { describe, expect, it } from 'vitest';
import { AWS_KMS_PRICING } from '../../src-shared/pricing/aws-kms.js';
import { DAY_MS, HOUR_MS } from '../platform/clock.js';
import { estimateCost, monthOf, type BillableKey } from './estimator.js';

const MARCH = Date.UTC(2026, 2, 1); // 744 hours long
const none = { total: 0, byKey: new Map<string, number>() };
const est = (keys: BillableKey[], requests = none) =>
  estimateCost({ month: '2026-03', now: new Date(MARCH + 10 * DAY_MS), keys, requests, profile: AWS_KMS_PRICING });
const key = (over: Partial<BillableKey> = {}): BillableKey => ({ keyId: 'k', aliases: [], creationDate: MARCH - DAY_MS, rotationDates: [], ...over });

describe('cost estimator', () => {
  it('charges $1 for a key that lives the whole month, never more', () => {
    expect(est([key()]).Keys[0]).toMatchObject({ BilledHours: 730, StorageUsd: 1 });
  });

  it('prorates hourly from creation, rounding a started hour up', () => {
    const created = MARCH + 744 * HOUR_MS - 73 * HOUR_MS - 1; // 73 h and a bit before month end
    const k = est([key({ creationDate: created })]).Keys[0]!;
    expect(k.BilledHours).toBe(74);
    expect(k.StorageUsd).toBeCloseTo(74 / 730, 6);
  });

  it('charges nothing from the moment deletion is scheduled', () => {
    const k = est([key({ billedUntil: MARCH + 24 * HOUR_MS })]).Keys[0]!;
    expect(k.BilledHours).toBe(24);
    expect(est([key({ billedUntil: MARCH - HOUR_MS })]).Keys[0]!.StorageUsd).toBe(0);
  });

  it('adds $1/month for each of the first two rotations only, prorated from the rotation', () => {
    const k = est([key({ rotationDates: [MARCH - 100 * DAY_MS, MARCH + 744 * HOUR_MS - 73 * HOUR_MS, MARCH - 10 * DAY_MS] })]).Keys[0]!;
    // The two earliest rotations (both before March) are charged in full; the third is free.
    expect(k.RotationUsd).toBeCloseTo(2, 6);
    const late = est([key({ rotationDates: [MARCH + 744 * HOUR_MS - 73 * HOUR_MS] })]).Keys[0]!;
    expect(late.RotationUsd).toBeCloseTo(73 / 730, 6);
  });

  it('bills requests per 10,000 after the 20,000 free requests', () => {
    const byKey = new Map([['k', 70_000]]);
    const e = est([key()], { total: 70_000, byKey });
    expect(e).toMatchObject({ Requests: 70_000, FreeRequests: 20_000, BilledRequests: 50_000 });
    expect(e.RequestsUsd).toBeCloseTo(0.15, 6);
    expect(e.Keys[0]!.Requests).toBe(70_000);
    expect(e.TotalUsd).toBeCloseTo(1.15, 6);
    expect(est([key()], { total: 19_999, byKey }).RequestsUsd).toBe(0);
  });

  it('names its pricing source and date', () => {
    expect(est([]).Profile).toEqual({ name: AWS_KMS_PRICING.name, source: AWS_KMS_PRICING.source, date: AWS_KMS_PRICING.date });
    expect(monthOf(new Date(MARCH + DAY_MS))).toBe('2026-03');
  });

  it('charges no storage or rotation fee for an AWS managed key, but counts its requests (concepts.html#aws-managed-key)', () => {
    const byKey = new Map([['k', 30_000]]);
    const e = est([key({ awsManaged: true, rotationDates: [MARCH + DAY_MS, MARCH + 2 * DAY_MS] })], { total: 30_000, byKey });
    expect(e.Keys[0]).toMatchObject({ BilledHours: 0, StorageUsd: 0, RotationUsd: 0, Requests: 30_000, TotalUsd: 0 });
    expect(e).toMatchObject({ StorageUsd: 0, RotationUsd: 0, FreeRequests: 20_000, BilledRequests: 10_000 });
    expect(e.TotalUsd).toBeCloseTo(0.03, 6);
    // Next to a customer managed key: only that one is billed a month.
    expect(est([key({ keyId: 'aws', awsManaged: true }), key()]).StorageUsd).toBe(1);
  });
});
