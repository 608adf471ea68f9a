/**
 * Runs the scheduler for the open vault: rotations and deletions that fell due are applied
 * only with their audit records (audit/intent.ts): one change scope, its intent on the first
 * record. When the log cannot be written the change is undone, and the scheduler waits and
 * retries with backoff; why it waits is in status(). Called on unlock (catch-up), after the
 * virtual clock moves, and every minute under the service's mutex.
 */
import { AuditWriteException } from '../../src-shared/kms/errors.js';
import { runDueActions } from '../schedule/scheduler.js';
import type { Mutex } from './mutex.js';
import type { AuditRecorder } from './recorder.js';
import type { SessionManager } from './session-manager.js';

/** How often the running service looks for due actions, in milliseconds. */
export const SCHEDULER_INTERVAL_MS = 60_000;
/** First retry after a refused record, doubling up to SCHEDULER_INTERVAL_MS. */
export const SCHEDULER_RETRY_MS = 1_000;

/** Why scheduled actions wait (shown with the schedule), or undefined when they do not. */
export interface SchedulerWaiting {
  since: Date;
  reason: string;
  attempts: number;
  retryAt: Date;
}

/** The scheduler's wait state, shared by the runs and the status channel. */
export class SchedulerState {
  waiting: SchedulerWaiting | undefined;
  /** Called after a refused run with the delay (ms) before the next attempt; set by the timer. */
  retry: ((ms: number) => void) | undefined;

  failed(e: unknown): void {
    const attempts = (this.waiting?.attempts ?? 0) + 1;
    const ms = Math.min(SCHEDULER_RETRY_MS * 2 ** (attempts - 1), SCHEDULER_INTERVAL_MS);
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : 'the audit record could not be written';
    this.waiting = { since: this.waiting?.since ?? new Date(), reason, attempts, retryAt: new Date(Date.now() + ms) };
    this.retry?.(ms);
  }
}

/**
 * Apply, record and commit what fell due; nothing when locked or when nothing is due. When
 * the records cannot be written nothing is applied: `state` says why and schedules a retry.
 * @throws AuditWriteException in that case (callers under a request report it).
 */
export async function runScheduler(sessions: SessionManager, recorder: AuditRecorder, state: SchedulerState): Promise<void> {
  await handOverScheduled(sessions, recorder, state).written;
}

/**
 * The part of runScheduler that runs under the mutex: apply what fell due and hand the
 * records (the change's intent on the first) to the audit log. `written` settles once they
 * are written (or refused, and the change undone); await it outside the mutex.
 */
export function handOverScheduled(sessions: SessionManager, recorder: AuditRecorder, state: SchedulerState): { written: Promise<void> } {
  const s = sessions.current;
  if (!s) return { written: Promise.resolve() };
  const scope = s.beginChange();
  let actions;
  try {
    actions = runDueActions(s.ctx);
    if (actions.length > 0) void s.ctx.commit(); // marks the scope (resolves at once): written with the records
  } catch (e) {
    scope.cancel();
    return { written: Promise.reject(e) };
  }
  let intent;
  try {
    intent = scope.end(() => new AuditWriteException('An earlier change was undone while the scheduler ran; it will try again.'));
  } catch (e) {
    state.failed(e);
    return { written: Promise.reject(e) };
  }
  if (actions.length === 0) return { written: Promise.resolve() };
  // The wait ends when the records are written (the intent commits), before anyone is answered.
  const clearing = intent && {
    ...intent,
    commit: () => {
      state.waiting = undefined;
      intent.commit();
    },
  };
  const written = recorder.recordScheduled(s, actions, clearing).then(
    () => {
      state.waiting = undefined;
    },
    (e: unknown) => {
      state.failed(e);
      throw e;
    },
  );
  return { written };
}

/**
 * Run `handOver` under `mutex` every SCHEDULER_INTERVAL_MS, and sooner when `state` asks for
 * a retry, waiting for its records outside the mutex; returns the stop function.
 */
export function startSchedulerTimer(mutex: Mutex, handOver: () => { written: Promise<void> }, state: SchedulerState): () => void {
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const once = () => {
    void mutex.run(() => handOver()).then((h) => h.written).catch((e: unknown) => {
      // Nothing was applied: the records could not be written (e.g. disk full). state.waiting says why.
      console.error(`keyward: scheduler: ${e instanceof Error ? `${e.name}: ${e.message}` : 'failed'}`);
    });
  };
  state.retry = (ms) => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      once();
    }, ms);
    retryTimer.unref?.();
  };
  const timer = setInterval(once, SCHEDULER_INTERVAL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (retryTimer) clearTimeout(retryTimer);
    state.retry = undefined;
  };
}
