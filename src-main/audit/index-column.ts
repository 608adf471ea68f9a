/**
 * A growable typed-array column of the in-memory audit index (record-index.ts): amortised
 * doubling on push, exact sizing through reserve().
 */
/** One column: `data[0, length)` holds the values. */
export class Column<A extends Float64Array | Uint32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
  ) {}
  /** Append one value. */
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(grown(this.length + 1));
    this.data[this.length++] = v;
  }
  /** Make room for `n` values in all (no-op when there is room). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = this.make(n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
  /** Append every value of `values` (one grow, one copy). */
  pushAll(values: ArrayLike<number>): void {
    const need = this.length + values.length;
    if (need > this.data.length) this.reserve(grown(need));
    this.data.set(values, this.length);
    this.length = need;
  }
}

/**
 * The capacity to grow to for `need` values: doubling while small, then an eighth more, so a
 * column of 10,000,000 rows grows by 1.25 M rows, not by 10 M (the index is most of the
 * log's memory). Still amortised O(1) per value.
 */
function grown(need: number): number {
  return need < 1 << 20 ? Math.max(1024, 2 ** Math.ceil(Math.log2(need))) : need + (need >>> 3);
}

export const f64 = (n: number) => new Float64Array(n);
export const u32 = (n: number) => new Uint32Array(n);
export const u8 = (n: number) => new Uint8Array(n);

