/**
 * What one call under the service mutex did beyond the vault state, so its audit record can
 * carry it (audit/intent.ts): undo steps (lock the vault a refused unlock opened, put the
 * endpoint back) and steps that wait for the record (forget a keychain entry). The router
 * opens a call, handlers register steps, and end() folds them into the call's intent.
 */
import type { AuditIntent, RecordTag } from '../audit/intent.js';

interface Call {
  undo: { fn: () => void | Promise<void>; note: string }[];
  done: (() => void)[];
}

/** The steps of the call running under the mutex (there is at most one). */
export class CallChanges {
  private call: Call | undefined;

  /** Open a call (router, under the mutex). */
  begin(): void {
    this.call = { undo: [], done: [] };
  }

  /**
   * If this call's record is not written, run `fn` (synchronously; start async work without
   * awaiting it) and tell the caller `note`. Outside a call it is never run.
   */
  onAbort(fn: () => void | Promise<void>, note: string): void {
    this.call?.undo.push({ fn, note });
  }

  /** Run `fn` once this call's record is written (outside a call: now). */
  onCommit(fn: () => void): void {
    if (this.call) this.call.done.push(fn);
    else fn();
  }

  /**
   * Close the call. `failed`: the call failed, so its undo steps run now. Otherwise returns
   * `inner` (the vault change's intent) extended with the registered steps, an intent of
   * those steps alone, or undefined when there are none; and the notes a refusal would add.
   */
  end(inner: AuditIntent | undefined, failed: boolean): { intent: AuditIntent | undefined; notes: string[]; undone: Promise<unknown>[] } {
    const call = this.call ?? { undo: [], done: [] };
    this.call = undefined;
    const notes = call.undo.map((u) => u.note).filter((n) => n !== '');
    const undone: Promise<unknown>[] = []; // async undo work started by undoAll, awaited by the router before it answers
    const undoAll = (): void => {
      for (let k = call.undo.length - 1; k >= 0; k--) {
        try {
          const p = call.undo[k]!.fn();
          if (p) undone.push(p.catch(() => undefined));
        } catch {
          // an undo step must not stop the others
        }
      }
    };
    if (failed) {
      undoAll();
      return { intent: undefined, notes, undone };
    }
    if (call.undo.length === 0 && call.done.length === 0) return { intent: inner, notes, undone };
    return {
      notes,
      undone,
      intent: {
        prepare: (tag: RecordTag) => (inner ? inner.prepare(tag) : Promise.resolve()),
        commit() {
          inner?.commit();
          for (const fn of call.done) fn();
        },
        abort() {
          inner?.abort();
          undoAll();
        },
      },
    };
  }
}
