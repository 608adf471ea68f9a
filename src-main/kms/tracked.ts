/**
 * Change tracking for the engine's state. The state's record maps (keys, aliases, access keys)
 * are TrackedMaps: every `set`, `delete` and `edit` first hands the entry's before-image to
 * the map's observer, so a change yields the set of records it touched (its change set) and
 * an undo (the before-images, restored synchronously). A map also keeps its ids sorted, so a
 * page of a listing is found by binary search instead of sorting every id (paging.ts).
 *
 * Writers must call `edit(id)` before changing a record in place; `get` is for readers.
 */

/** Observes the first touch of each entry: `before` is the entry before the change (undefined: absent). */
export type TouchObserver<V> = (id: string, before: V | undefined) => void;

/** First index in sorted `ids` whose id is >= `id` (binary search; `ids` in code-unit order). */
export function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? '') < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A Map keyed by string that reports each entry's before-image before it changes and keeps
 * its keys sorted (code-unit order, as KMS lists ids and alias names).
 */
export class TrackedMap<V> extends Map<string, V> {
  private observer: TouchObserver<V> | undefined;
  private sortedIds: string[] | undefined;

  /** Observe touches (one observer; undefined stops observing). */
  observe(observer: TouchObserver<V> | undefined): void {
    this.observer = observer;
  }

  override set(id: string, value: V): this {
    this.observer?.(id, super.get(id));
    if (this.sortedIds && !super.has(id)) this.sortedIds.splice(lowerBound(this.sortedIds, id), 0, id);
    return super.set(id, value);
  }

  override delete(id: string): boolean {
    if (!super.has(id)) return false;
    this.observer?.(id, super.get(id));
    this.unindex(id);
    return super.delete(id);
  }

  /** The record to change in place, after its before-image has been reported. */
  edit(id: string): V | undefined {
    const v = super.get(id);
    if (v !== undefined) this.observer?.(id, v);
    return v;
  }

  /** Put without reporting (undo, replay). */
  putRaw(id: string, value: V): void {
    if (this.sortedIds && !super.has(id)) this.sortedIds.splice(lowerBound(this.sortedIds, id), 0, id);
    super.set(id, value);
  }

  /** Delete without reporting (undo, replay). */
  deleteRaw(id: string): void {
    if (!super.has(id)) return;
    this.unindex(id);
    super.delete(id);
  }

  override clear(): void {
    this.sortedIds = undefined;
    super.clear();
  }

  /** Every id, sorted; built once, then kept up to date by set/delete. Do not modify. */
  sorted(): readonly string[] {
    this.sortedIds ??= [...super.keys()].sort();
    return this.sortedIds;
  }

  private unindex(id: string): void {
    if (!this.sortedIds) return;
    const at = lowerBound(this.sortedIds, id);
    if (this.sortedIds[at] === id) this.sortedIds.splice(at, 1);
  }
}

/** A TrackedMap holding `entries`. */
export function trackedMapOf<V>(entries: Iterable<readonly [string, V]>): TrackedMap<V> {
  const m = new TrackedMap<V>();
  for (const [k, v] of entries) m.putRaw(k, v);
  return m;
}
