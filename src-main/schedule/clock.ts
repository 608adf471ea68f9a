/**
 * The one clock port (ARCHITECTURE.md "Time"). Rotation, deletion windows and cost
 * proration all read it; tests and training mode drive a virtual clock.
 */
export interface Clock {
  now(): Date;
  readonly virtual: boolean;
}

export const systemClock: Clock = { now: () => new Date(), virtual: false };

/** A clock that starts at a given instant (or the wall clock) and moves only when told. */
export class VirtualClock implements Clock {
  readonly virtual = true;
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('"ms" expected a non-negative finite number');
    this.current += ms;
    return this.now();
  }

  advanceDays(days: number): Date {
    return this.advance(days * DAY_MS);
  }

  set(at: Date): void {
    this.current = at.getTime();
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
