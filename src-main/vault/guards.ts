/** Labelled guards for the vault's exported functions: TypeError for a type, RangeError for a value. */
export function aBytes(v: unknown, title: string): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`"${title}" expected Uint8Array`);
}

export function aString(v: unknown, title: string): asserts v is string {
  if (typeof v !== 'string') throw new TypeError(`"${title}" expected a string`);
}

export function aPassphrase(v: unknown, title: string): asserts v is string {
  aString(v, title);
  if (v.length === 0) throw new RangeError(`"${title}" expected a non-empty passphrase`);
}

export function aPath(v: unknown): asserts v is string {
  aString(v, 'path');
  if (v.length === 0) throw new RangeError('"path" expected a non-empty file path');
}
