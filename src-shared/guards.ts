/**
 * Argument guards for exported edges, one module for both processes, in @noble's `abytes`
 * style: a TypeError when the type is wrong, a RangeError when the value is out of range,
 * and the message names the argument (`"key" expected Uint8Array of length 32, got
 * length=16`). They guard against programming errors; request validation (KMS
 * ValidationException) is the schemas' job, not theirs.
 */

/**
 * Assert `value` is a Uint8Array (a Node Buffer is one), and, when `lengths` are given,
 * that its length is one of them. Throws TypeError, or RangeError for a wrong length.
 */
export function aBytes(value: unknown, label: string, ...lengths: number[]): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`"${label}" expected Uint8Array, got ${typeof value}`);
  if (lengths.length > 0 && !lengths.includes(value.length)) {
    throw new RangeError(`"${label}" expected Uint8Array of length ${lengths.join(' or ')}, got length=${value.length}`);
  }
}

/**
 * Assert `value` is a string, and with `nonEmpty` that it is not ''. Throws TypeError, or
 * RangeError for an empty string.
 */
export function aString(value: unknown, label: string, opts: { nonEmpty?: boolean } = {}): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`"${label}" expected string, got ${typeof value}`);
  if (opts.nonEmpty && value.length === 0) throw new RangeError(`"${label}" expected a non-empty string`);
}

/**
 * Assert `value` is a safe integer no smaller than `min` (default 0). Throws TypeError for
 * a non-integer, RangeError below `min`.
 */
export function anInteger(value: unknown, label: string, min = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`"${label}" expected an integer, got ${typeof value === 'number' ? value : typeof value}`);
  if (value < min) throw new RangeError(`"${label}" expected an integer >= ${min}, got ${value}`);
}
