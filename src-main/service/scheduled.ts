/**
 * Runs the scheduler for the open vault: rotations and deletions that fell due are applied,
 * committed once, and each recorded as a service event. Called on unlock (catch-up), after
 * the virtual clock moves, and every minute under the service's mutex.
 */
import { runDueActions } from '../schedule/scheduler.js';
import type { Mutex } from './mutex.js';
import type { AuditRecorder } from './recorder.js';
import type { SessionManager } from './session-manager.js';

/** How often the running service looks for due actions, in milliseconds. */
export const SCHEDULER_INTERVAL_MS = 60_000;

/** Apply, commit and record what fell due; nothing when locked or when nothing is due. */
export async function runScheduler(sessions: SessionManager, recorder: AuditRecorder): Promise<void> {
  const s = sessions.current;
  if (!s) return;
  const actions = runDueActions(s.ctx);
  if (actions.length === 0) return;
  await s.ctx.commit();
  await recorder.recordScheduled(s, actions);
}

/** Run `run` under `mutex` every SCHEDULER_INTERVAL_MS; returns the function that stops it. */
export function startSchedulerTimer(mutex: Mutex, run: () => Promise<void>): () => void {
  const timer = setInterval(() => {
    void mutex.run(run).catch((e: unknown) => {
      // The actions are committed; their records could not be written (e.g. disk full).
      console.error(`keyward: scheduler: ${e instanceof Error ? `${e.name}: ${e.message}` : 'failed'}`);
    });
  }, SCHEDULER_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
