/**
 * Change sets: what one call changed in the engine's state, as the records it put or deleted
 * (keys by KeyId, aliases by name, access keys by id) and the other top-level fields when they
 * changed, plus the undo that puts the before-images back. The vault journal stores a change
 * set per commit (vault/journal.ts), so a commit costs the size of the change, not the vault.
 *
 * Secrets: before-images share material and secret buffers with the records (nothing is
 * copied). A record deleted by a change keeps its bytes until the change is released (committed),
 * which zeroes them; an undone change gets them back intact.
 */
import { type AccessKeyRecord, type AliasRecord, applyTopFields, type KeyRecord, loadAccessKey, loadKey, storeAccessKey, storeKey, type StoredAccessKey, type StoredKey, TOP_FIELDS, type TopFields, topOf, type VaultState } from './model.js';
import type { TrackedMap } from './tracked.js';

/** The stored form of a change (UTF-8 JSON in a journal frame). */
export interface ChangeSet {
  /** The account whose default key policy a stored key without `policy` has. */
  acct: string;
  keys?: { put: StoredKey[]; del: string[] };
  aliases?: { put: AliasRecord[]; del: string[] };
  accessKeys?: { put: StoredAccessKey[]; del: string[] };
  /** The top-level fields that changed (null: removed). */
  top?: TopFields;
}

/** One captured change. */
export interface CapturedChange {
  /** The change set as bytes; holds base64 secrets, so the caller zeroes it once sealed. */
  readonly bytes: Uint8Array;
  /** Put every before-image back (synchronous). Call at most once, instead of release(). */
  undo(): void;
  /** The change is committed: zero the secrets of records it deleted. */
  release(): void;
}

const ABSENT = Symbol('absent');
type Before<V> = V | typeof ABSENT;

function cloneKey(k: KeyRecord): KeyRecord {
  return { ...k, rotation: { ...k.rotation }, materials: k.materials.map((m) => ({ ...m })), tags: k.tags.map((t) => ({ ...t })) };
}

/** Before-images of one map since the last take. */
class MapLog<V> {
  readonly before = new Map<string, Before<V>>();
  constructor(readonly map: TrackedMap<V>, clone: (v: V) => V) {
    map.observe((id, v) => {
      if (!this.before.has(id)) this.before.set(id, v === undefined ? ABSENT : clone(v));
    });
  }

  /** Puts and deletes since the last take, stored with `store`. */
  diff<S>(store: (v: V) => S): { put: S[]; del: string[] } | undefined {
    const put: S[] = [];
    const del: string[] = [];
    for (const [id, b] of this.before) {
      const now = this.map.get(id);
      if (now !== undefined) put.push(store(now));
      else if (b !== ABSENT) del.push(id);
    }
    return put.length + del.length > 0 ? { put, del } : undefined;
  }

  undo(images: Map<string, Before<V>>): void {
    for (const [id, b] of images) {
      if (b === ABSENT) this.map.deleteRaw(id);
      else this.map.putRaw(id, b);
    }
  }
}

const te = new TextEncoder();

type TopField = (typeof TOP_FIELDS)[number];

/** Each top-level field's JSON ('null' when absent), to compare before and after. */
function topJson(state: VaultState): Record<TopField, string> {
  const top = topOf(state);
  const out = {} as Record<TopField, string>; // filled for every field below
  for (const f of TOP_FIELDS) out[f] = JSON.stringify(top[f] ?? null);
  return out;
}

/** The fields whose JSON differs, with their values now (parsed back from `now`). */
function topDiff(before: Record<TopField, string>, now: Record<TopField, string>): TopFields | undefined {
  let diff: TopFields | undefined;
  for (const f of TOP_FIELDS) {
    if (before[f] !== now[f]) (diff ??= {} as TopFields)[f] = JSON.parse(now[f]) as never; // our own topOf() output
  }
  return diff;
}

/**
 * Captures the changes made to a state: `take()` returns what changed since the previous
 * take (or since the tracker was made) and starts a new capture.
 */
export class ChangeTracker {
  readonly #state: VaultState;
  readonly #keys: MapLog<KeyRecord>;
  readonly #aliases: MapLog<AliasRecord>;
  readonly #access: MapLog<AccessKeyRecord>;
  #top: Record<TopField, string>;

  constructor(state: VaultState) {
    this.#state = state;
    this.#keys = new MapLog(state.keys, cloneKey);
    this.#aliases = new MapLog(state.aliases, (a) => ({ ...a }));
    this.#access = new MapLog(state.accessKeys, (a) => ({ ...a }));
    this.#top = topJson(state);
  }

  /** The change since the last take, or undefined when nothing changed; starts a new capture. */
  take(): CapturedChange | undefined {
    const state = this.#state;
    const acct = state.settings.accountId;
    const keys = this.#keys.diff((k) => storeKey(k, acct));
    const aliases = this.#aliases.diff((a) => ({ ...a }));
    const accessKeys = this.#access.diff(storeAccessKey);
    const topNow = topJson(state);
    const topBefore = this.#top;
    const top = topDiff(topBefore, topNow);
    const set: ChangeSet = {
      acct,
      ...(keys ? { keys } : {}),
      ...(aliases ? { aliases } : {}),
      ...(accessKeys ? { accessKeys } : {}),
      ...(top ? { top } : {}),
    };
    const kb = new Map(this.#keys.before);
    const ab = new Map(this.#aliases.before);
    const xb = new Map(this.#access.before);
    this.#keys.before.clear();
    this.#aliases.before.clear();
    this.#access.before.clear();
    this.#top = topNow;
    if (!keys && !aliases && !accessKeys && !top) return undefined;
    let done = false;
    return {
      bytes: te.encode(JSON.stringify(set)),
      undo: () => {
        if (done) return;
        done = true;
        this.#keys.undo(kb);
        this.#aliases.undo(ab);
        this.#access.undo(xb);
        const back = top ? topDiff(topNow, topBefore) : undefined;
        if (back) applyTopFields(state, back);
        this.#top = topJson(state);
      },
      release: () => {
        if (done) return;
        done = true;
        for (const [id, b] of kb) if (b !== ABSENT && !state.keys.has(id)) for (const m of b.materials) m.bytes.fill(0);
        for (const [id, b] of xb) if (b !== ABSENT && !state.accessKeys.has(id)) b.secret.fill(0);
      },
    };
  }

  /** Forget what was captured so far (after loading or replaying the state). */
  reset(): void {
    this.#keys.before.clear();
    this.#aliases.before.clear();
    this.#access.before.clear();
    this.#top = topJson(this.#state);
  }

  /**
   * Take these top-level fields out of the capture as they are now (they are committed on
   * their own: VaultSession.commitAuditFields); returns their change set's bytes.
   */
  takeFields(fields: readonly TopField[]): Uint8Array {
    const now = topJson(this.#state);
    const top = {} as TopFields; // filled for every field below
    for (const f of fields) {
      top[f] = JSON.parse(now[f]) as never; // our own topOf() output
      this.#top[f] = now[f];
    }
    return te.encode(JSON.stringify({ acct: this.#state.settings.accountId, top } satisfies ChangeSet));
  }

  /** Stop observing the state's maps. */
  detach(): void {
    this.#state.keys.observe(undefined);
    this.#state.aliases.observe(undefined);
    this.#state.accessKeys.observe(undefined);
  }
}

/**
 * Apply a stored change set (as written by ChangeTracker) to `state`, without tracking.
 * The bytes come from an authenticated journal frame; a frame that is not a change set of this
 * shape throws (the caller reports the vault as damaged).
 */
export function applyChangeSet(state: VaultState, bytes: Uint8Array): void {
  const set = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as ChangeSet; // authenticated, written by take()
  if (typeof set !== 'object' || set === null || typeof set.acct !== 'string') throw new TypeError('not a change set');
  for (const k of set.keys?.put ?? []) state.keys.putRaw(k.keyId, loadKey(k, set.acct));
  for (const id of set.keys?.del ?? []) {
    for (const m of state.keys.get(id)?.materials ?? []) m.bytes.fill(0);
    state.keys.deleteRaw(id);
  }
  for (const a of set.aliases?.put ?? []) state.aliases.putRaw(a.aliasName, { ...a });
  for (const id of set.aliases?.del ?? []) state.aliases.deleteRaw(id);
  for (const a of set.accessKeys?.put ?? []) state.accessKeys.putRaw(a.accessKeyId, loadAccessKey(a));
  for (const id of set.accessKeys?.del ?? []) {
    state.accessKeys.get(id)?.secret.fill(0);
    state.accessKeys.deleteRaw(id);
  }
  if (set.top) applyTopFields(state, set.top);
}
