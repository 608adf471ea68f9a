import { describe, expect, it } from 'vitest';
import { freeTierUsage } from './cost';

describe('freeTierUsage', () => {
  it('under the free tier: used of 20,000', () => {
    expect(freeTierUsage({ Requests: 5000, FreeRequests: 5000, BilledRequests: 0 })).toEqual({ allowance: 20000, used: 5000, remaining: 15000, percent: 25 });
  });
  it('over the free tier: all used, the rest billed', () => {
    expect(freeTierUsage({ Requests: 25000, FreeRequests: 20000, BilledRequests: 5000 })).toEqual({ allowance: 20000, used: 20000, remaining: 0, percent: 100 });
  });
  it('no requests yet', () => {
    expect(freeTierUsage({ Requests: 0, FreeRequests: 0, BilledRequests: 0 }).percent).toBe(0);
  });
});
