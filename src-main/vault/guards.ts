/** The vault's own guards, on top of the shared ones: TypeError for a type, RangeError for a value. */
import { aString } from '../../src-shared/guards.js';

/** A passphrase: a non-empty string (its strength is the UI's to judge). */
export function aPassphrase(v: unknown, title: string): asserts v is string {
  aString(v, title);
  if (v.length === 0) throw new RangeError(`"${title}" expected a non-empty passphrase`);
}

/** A file path: a non-empty string. */
export function aPath(v: unknown): asserts v is string {
  aString(v, 'path');
  if (v.length === 0) throw new RangeError('"path" expected a non-empty file path');
}
