/**
 * Case-insensitive search of an ASCII needle in raw segment bytes, without lowercasing the
 * bytes first (which cost as much as reading them). Two ways, chosen per needle:
 *
 * - anchored: the needle's longest run of characters that have no case (digits, `-`, `:`,
 *   `/`, ...), when it is 3 bytes or more, is looked up byte for byte with Buffer.indexOf
 *   (native, memchr-speed), and each hit is then compared case-insensitively in full. Request
 *   ids, key ids, ARNs, IP addresses and dates take this way.
 * - otherwise a case-insensitive RegExp over the bytes read as latin1 (one char per byte, so
 *   string positions are byte offsets; `i` folds ASCII only for a pattern without the `u`
 *   flag, so bytes >= 0x80 never match an ASCII needle), about twice as fast as lowercasing
 *   a copy and calling indexOf.
 */

/** Finds the next match at or after a byte offset; -1 when there is none. */
export type ByteFinder = (from: number) => number;

const HAS_CASE = /[a-z]/i;

function longestCaselessRun(needle: string): { at: number; run: string } {
  let best = { at: 0, run: '' };
  let start = -1;
  for (let i = 0; i <= needle.length; i++) {
    const caseless = i < needle.length && !HAS_CASE.test(needle[i]!);
    if (caseless && start < 0) start = i;
    if (!caseless && start >= 0) {
      if (i - start > best.run.length) best = { at: start, run: needle.slice(start, i) };
      start = -1;
    }
  }
  return best;
}

/** Whether buf[at, at + needle.length) equals `needle` (lowercase ASCII) ignoring ASCII case. */
function equalsFolded(buf: Uint8Array, at: number, needle: string): boolean {
  if (at < 0 || at + needle.length > buf.length) return false;
  for (let i = 0; i < needle.length; i++) {
    let c = buf[at + i]!;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== needle.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * A finder of `needle` (lowercase ASCII, non-empty) in `buf`, ignoring ASCII case.
 * @throws RangeError for an empty or non-ASCII needle.
 */
export function asciiFinder(buf: Buffer, needle: string): ByteFinder {
  // eslint-disable-next-line no-control-regex -- the ASCII range, by definition
  if (!needle || !/^[\u0000-\u007f]+$/.test(needle)) throw new RangeError('"needle" expected non-empty ASCII');
  const { at, run } = longestCaselessRun(needle);
  if (run.length >= 3) {
    const anchor = Buffer.from(run, 'latin1');
    return (from) => {
      let p = buf.indexOf(anchor, from + at);
      while (p >= 0) {
        if (equalsFolded(buf, p - at, needle)) return p - at;
        p = buf.indexOf(anchor, p + 1);
      }
      return -1;
    };
  }
  const hay = buf.toString('latin1');
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  return (from) => {
    re.lastIndex = from;
    const m = re.exec(hay);
    return m ? m.index : -1;
  };
}
