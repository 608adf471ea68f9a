/**
 * The one clock port. The engine (rotation dates, deletion windows), the scheduler and the
 * cost estimator's proration all read it; tests and training mode drive a virtual clock.
 * It sits in platform/, below the engine that depends on it.
 */
/** A source of the current instant. `virtual` is true when time moves only when told (training mode). */
export interface Clock {
  now(): Date;
  readonly virtual: boolean;
}

/** The wall clock. */
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

  /** Move forward by `ms` milliseconds; throws RangeError for a negative or non-finite amount. */
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

/** One hour and one day, in milliseconds. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
