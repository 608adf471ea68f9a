import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash.js';

/** The reference: one Hash object fed each part in turn (strings as UTF-8). */
function reference(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

describe('sha256Hex', () => {
  it('equals the incremental hash of its parts, one-shot paths included', () => {
    const cases: (string | Uint8Array)[][] = [
      [''], ['abc'], [new Uint8Array([1, 2, 3])], ['a'.repeat(64), '\n', '{"k":"é\u{1F511}"}'],
      ['x', new Uint8Array([0xff]), 'y'], ['', '', ''],
      // A lone high surrogate at a part's end and a lone low one at the next part's start:
      // each is U+FFFD on its own; joined they would pair into one code point.
      ['a\ud83d', '\udd11b'], ['\ud83d', '\udd11'],
    ];
    for (const parts of cases) expect(sha256Hex(...parts)).toBe(reference(...parts));
  });
});
