/**
 * A queue of lanes served round robin: `shift` takes the oldest item of the lane whose turn
 * it is, then that lane goes to the back. One lane with many items cannot hold back the
 * items of another (the scheduling idea of fair queuing, RFC 970).
 */
export class FairQueue<T> {
  /** Lanes in turn order (a Map keeps insertion order); a lane is removed when empty. */
  private readonly lanes = new Map<string, T[]>();
  private count = 0;

  /** Items waiting, all lanes together. */
  get size(): number {
    return this.count;
  }

  /** Add `item` at the end of `lane` (a new lane joins the back of the turn order). */
  push(lane: string, item: T): void {
    const q = this.lanes.get(lane);
    if (q) q.push(item);
    else this.lanes.set(lane, [item]);
    this.count += 1;
  }

  /** The oldest item of `lane`, out of turn (the other lanes keep their order), or undefined. */
  shiftFrom(lane: string): T | undefined {
    const q = this.lanes.get(lane);
    const item = q?.shift();
    if (item === undefined) return undefined;
    if (q?.length === 0) this.lanes.delete(lane);
    this.count -= 1;
    return item;
  }

  /** The next item in round-robin order, or undefined when nothing waits. */
  shift(): T | undefined {
    for (const [lane, q] of this.lanes) {
      const item = q.shift();
      this.lanes.delete(lane);
      if (q.length > 0) this.lanes.set(lane, q); // to the back of the turn order
      if (item === undefined) continue;
      this.count -= 1;
      return item;
    }
    return undefined;
  }
}
