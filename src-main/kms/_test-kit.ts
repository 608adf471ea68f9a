/** Test-only helpers shared by the engine's tests. */
import { expect } from 'vitest';
import type { KeyMetadata } from '../../src-shared/kms/types.js';
import { utf8 } from '../../src-shared/wire.js';
import type { TestEngine } from './test-harness.js';

/** UTF-8 bytes of a string. */
export const text = (s: string): Uint8Array => utf8.encode(s);

/** CreateKey with a test description and any extra request fields; returns its KeyMetadata. */
export async function newKey(t: TestEngine, extra: Record<string, unknown> = {}): Promise<KeyMetadata> {
  const { KeyMetadata } = await t.call('CreateKey', { Description: 'test key', ...extra });
  return KeyMetadata;
}

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
