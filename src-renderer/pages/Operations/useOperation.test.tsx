// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MantineWrapper } from '../../test/kit';
import { useOperation } from './useOperation';

/** A promise the test settles by hand, to look at the state while work is in flight. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useOperation', () => {
  it('requireKey shows "Choose a key" until a key is chosen', () => {
    const { result } = renderHook(() => useOperation(), { wrapper: MantineWrapper });
    let key: string | null = 'x';
    act(() => {
      key = result.current.requireKey();
    });
    expect(key).toBeNull();
    expect(result.current.keyError).toBe('Choose a key');
    act(() => result.current.setKeyId('alias/payroll'));
    act(() => {
      key = result.current.requireKey();
    });
    expect(key).toBe('alias/payroll');
    expect(result.current.keyError).toBeNull();
  });

  it('run names what is busy while the work is in flight, then clears it', async () => {
    const { result } = renderHook(() => useOperation<never, 'sign' | 'verify'>(), { wrapper: MantineWrapper });
    const work = deferred<number>();
    let done: Promise<number | undefined> = Promise.resolve(undefined);
    act(() => {
      done = result.current.run('verify', () => work.promise);
    });
    expect(result.current.busy).toBe('verify');
    await act(async () => {
      work.resolve(42);
      expect(await done).toBe(42);
    });
    expect(result.current.busy).toBeNull();
  });

  it('run resolves to undefined when the work fails (call() has notified) and clears busy', async () => {
    const { result } = renderHook(() => useOperation(), { wrapper: MantineWrapper });
    let value: unknown = 'unset';
    await act(async () => {
      value = await result.current.run('run', () => Promise.reject(new Error('DisabledException')));
    });
    expect(value).toBeUndefined();
    expect(result.current.busy).toBeNull();
  });

  it('show clears the last result first, then shows the new one', async () => {
    const { result } = renderHook(() => useOperation<string>(), { wrapper: MantineWrapper });
    await act(() => result.current.show('run', () => Promise.resolve('first')));
    expect(result.current.result).toBe('first');
    const work = deferred<string>();
    let done: Promise<void> = Promise.resolve();
    act(() => {
      done = result.current.show('run', () => work.promise);
    });
    expect(result.current.result).toBeNull();
    expect(result.current.busy).toBe('run');
    await act(async () => {
      work.resolve('second');
      await done;
    });
    expect(result.current.result).toBe('second');
  });

  it('show with keep leaves the last result in place when the call fails', async () => {
    const { result } = renderHook(() => useOperation<string>(), { wrapper: MantineWrapper });
    await act(() => result.current.show('run', () => Promise.resolve('ciphertext')));
    await act(() => result.current.show('run', () => Promise.reject(new Error('NotFoundException')), { keep: true }));
    expect(result.current.result).toBe('ciphertext');
    await act(() => result.current.show('run', () => Promise.reject(new Error('NotFoundException'))));
    expect(result.current.result).toBeNull();
  });

  it('show leaves the result alone when the work has nothing to show', async () => {
    const { result } = renderHook(() => useOperation<string>(), { wrapper: MantineWrapper });
    await act(() => result.current.show('run', () => Promise.resolve('kept'), { keep: true }));
    await act(() => result.current.show('run', () => Promise.resolve(undefined), { keep: true }));
    expect(result.current.result).toBe('kept');
  });
});
