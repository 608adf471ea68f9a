/** Test-only helpers shared by the engine's tests. */
import { expect } from 'vitest';

/**
 * Expect `p` to reject with the KMS exception `name` (e.g. 'NotFoundException'), and, when
 * given, a message matching `message`. The failure names what was thrown instead.
 */
export function expectKms(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  return expect(p).rejects.toSatisfy((e: unknown) => {
    if (!(e instanceof Error) || e.name !== name) throw new Error(`expected ${name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    if (message && !message.test(e.message)) throw new Error(`message "${e.message}" does not match ${message}`);
    return true;
  });
}
