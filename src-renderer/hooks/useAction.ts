/**
 * The busy flag of a form or section: which of its actions is in flight, and running one.
 * A failed `call()` has already shown its notification (titled with the KMS exception name),
 * so a failure here is just "no value".
 */
import { useCallback, useState } from 'react';
import { attempt } from '../api/call';

/** What a component with actions works with. `K` names the actions (e.g. 'toggle' | 'period' | 'now'). */
export interface Action<K extends string> {
  /** The action in flight, or null. */
  busy: K | null;
  /**
   * Run `work` with `busy` set to `kind`. Resolves to its value, or to undefined when it
   * threw; `busy` is null again in both cases.
   */
  run<T>(kind: K, work: () => Promise<T>): Promise<T | undefined>;
}

/** Busy flag and runner; see {@link Action}. */
export function useAction<K extends string = 'run'>(): Action<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const run = useCallback(async <T>(kind: K, work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(kind);
    try {
      return await attempt(work);
    } finally {
      setBusy(null);
    }
  }, []);
  return { busy, run };
}
