/**
 * The form flow every Operations tab shares: the key picker and its "Choose a key" check, a
 * busy flag naming what runs, the call, and the result shown below the form. Errors are
 * notified by `call()` (titled with the KMS exception name); the form keeps its input.
 */
import { useState } from 'react';
import { useAction, type Action } from '../../hooks/useAction';

/** What a tab's form works with. `K` names the actions (e.g. 'sign' | 'verify'); `R` is the shown result. */
export interface Operation<R, K extends string> extends Action<K> {
  /** The key picker's value (key ID or alias), null when none is chosen. */
  keyId: string | null;
  setKeyId(value: string | null): void;
  /** "Choose a key" after `requireKey()` found none; null otherwise. */
  keyError: string | null;
  /** The chosen key, or null after showing "Choose a key" under the picker. */
  requireKey(): string | null;
  result: R | null;
  setResult(result: R | null): void;
  /**
   * `run`, then show what `work` returns as the result (undefined: nothing to show). The last
   * result is cleared first unless `keep` is set (then a failure leaves it in place).
   */
  show(kind: K, work: () => Promise<R | undefined>, options?: { keep?: boolean }): Promise<void>;
}

/** State and steps of one Operations form; see {@link Operation}. */
export function useOperation<R = never, K extends string = 'run'>(): Operation<R, K> {
  const [keyId, setKeyId] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const { busy, run } = useAction<K>();
  const [result, setResult] = useState<R | null>(null);

  const requireKey = (): string | null => {
    setKeyError(keyId ? null : 'Choose a key');
    return keyId;
  };

  const show = async (kind: K, work: () => Promise<R | undefined>, options: { keep?: boolean } = {}): Promise<void> => {
    if (!options.keep) setResult(null);
    const value = await run(kind, work);
    if (value !== undefined) setResult(value);
  };

  return { keyId, setKeyId, keyError, requireKey, busy, result, setResult, run, show };
}
