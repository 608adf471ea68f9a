import { describe, expect, it } from 'vitest';
import { aBytes, anInteger, aString } from './guards.js';

describe('guards', () => {
  it('aBytes: TypeError for a non-Uint8Array, RangeError for a length not allowed', () => {
    expect(() => aBytes(new Uint8Array(32), 'key', 16, 32)).not.toThrow();
    expect(() => aBytes(new Uint8Array(0), 'message')).not.toThrow();
    expect(() => aBytes('abc', 'key')).toThrow(new TypeError('"key" expected Uint8Array, got string'));
    expect(() => aBytes([1, 2], 'key')).toThrow(TypeError);
    expect(() => aBytes(new Uint8Array(24), 'key', 16, 32)).toThrow(new RangeError('"key" expected Uint8Array of length 16 or 32, got length=24'));
  });

  it('aString: TypeError for a non-string, RangeError for an empty one when nonEmpty', () => {
    expect(() => aString('', 'name')).not.toThrow();
    expect(() => aString(1, 'name')).toThrow(new TypeError('"name" expected string, got number'));
    expect(() => aString('', 'name', { nonEmpty: true })).toThrow(new RangeError('"name" expected a non-empty string'));
  });

  it('anInteger: TypeError for a non-integer, RangeError below the minimum', () => {
    expect(() => anInteger(0, 'n')).not.toThrow();
    expect(() => anInteger(1.5, 'n')).toThrow(new TypeError('"n" expected an integer, got 1.5'));
    expect(() => anInteger('1', 'n')).toThrow(new TypeError('"n" expected an integer, got string'));
    expect(() => anInteger(0, 'limit', 1)).toThrow(new RangeError('"limit" expected an integer >= 1, got 0'));
  });
});
