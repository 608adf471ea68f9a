/**
 * SHIM until the journal of the new storage lands (it provides VaultSession.beginChange over
 * sealed journal frames): a change scope over today's whole-body vault. begin snapshots the
 * state; end serialises it; the intent's prepare writes the whole vault as a pending file
 * tagged with the record (vault/pending.ts) with the record's place as the body's audit
 * anchor; commit renames it over the vault; abort restores the snapshot in memory and deletes
 * the pending file. Cost: two serialisations and one sealed write of the whole vault per change.
 */
import type { AuditIntent, RecordTag } from '../audit/intent.js';
import { deserialiseState, serialiseState, wipeState, type VaultState } from '../kms/model.js';
import type { Slot } from '../vault/format.js';
import type { VaultHandle } from '../vault/vault.js';

/** One change in progress (under the service mutex): what the call did, until its record is handed over. */
export interface ChangeScope {
  /** Stage new unlock slots (passphrase or keychain slot change) as part of this change. */
  stageSlots(slots: Slot[]): void;
  /**
   * The change's intent for its audit record, or undefined when nothing changed. A scope
   * whose base was undone meanwhile (an earlier change was refused) puts memory back as that
   * undo left it and throws `stale()`.
   */
  end(stale: () => Error): AuditIntent | undefined;
  /** The call failed: put back what it changed in memory. */
  cancel(): void;
}

/** What a scope needs from its session. */
export interface ScopeHost {
  readonly state: VaultState;
  readonly vault: VaultHandle;
  /** The latest staged unlock slots (committed or pending). */
  slots: Slot[];
  /** Counts undone changes; a scope open across one is stale. */
  aborts: number;
  /** The state an undo restored last (what a stale scope restores). */
  lastUndo: { body: Uint8Array; slots: Slot[] } | undefined;
  /** True once locked: an undo no longer restores key material. */
  readonly locked: boolean;
  /** Commits and undos of the vault file still running (lock waits for them). */
  track(p: Promise<void>): void;
  warn(message: string): void;
}

/** Replace `state`'s contents with those decoded from `body`. */
export function restoreState(state: VaultState, body: Uint8Array): void {
  const committed = deserialiseState(body);
  wipeState(state);
  state.settings = committed.settings;
  for (const [id, k] of committed.keys) state.keys.set(id, k);
  for (const [name, a] of committed.aliases) state.aliases.set(name, a);
  state.deletedKeys = committed.deletedKeys;
  for (const [id, a] of committed.accessKeys) state.accessKeys.set(id, a);
  if (committed.auditAnchor) state.auditAnchor = committed.auditAnchor;
  else delete state.auditAnchor;
}

/** The body without its audit anchor, so prepare can add the record's place (withAnchor). */
function bodyWithoutAnchor(state: VaultState): Uint8Array {
  const anchor = state.auditAnchor;
  delete state.auditAnchor;
  try {
    return serialiseState(state);
  } finally {
    if (anchor) state.auditAnchor = anchor;
  }
}

/** `body` (JSON ending in `}`, kms/vault-body.ts) with `"auditAnchor": tag` added as its last member. */
function withAnchor(body: Uint8Array, tag: RecordTag): Uint8Array {
  const tail = new TextEncoder().encode(`,"auditAnchor":${JSON.stringify({ seq: tag.seq, hash: tag.hash })}}`);
  const out = new Uint8Array(body.length - 1 + tail.length);
  out.set(body.subarray(0, body.length - 1));
  out.set(tail, body.length - 1);
  return out;
}

/** Open a change scope on `host` (see the file comment); `markDirty` is set by the engine's commit. */
export function openScope(host: ScopeHost): ChangeScope & { dirty: boolean } {
  const before = { body: serialiseState(host.state), slots: host.slots, aborts: host.aborts };
  const undo = (): void => {
    if (host.locked) {
      before.body.fill(0); // locked meanwhile: nothing to put back, nothing to keep
      return;
    }
    restoreState(host.state, before.body);
    host.slots = before.slots;
    host.lastUndo = { body: before.body, slots: before.slots };
    host.aborts++;
  };
  const scope = {
    dirty: false,
    stageSlots(slots: Slot[]) {
      host.slots = slots;
      scope.dirty = true;
    },
    cancel() {
      if (scope.dirty && !host.locked) {
        restoreState(host.state, before.body);
        host.slots = before.slots;
      }
    },
    end(stale: () => Error): AuditIntent | undefined {
      if (host.aborts !== before.aborts) {
        const to = host.lastUndo;
        if (to && !host.locked) {
          restoreState(host.state, to.body);
          host.slots = to.slots;
        }
        throw stale();
      }
      if (!scope.dirty) {
        before.body.fill(0);
        return undefined;
      }
      const body = bodyWithoutAnchor(host.state);
      const slots = host.slots;
      let tag: RecordTag | undefined;
      return {
        async prepare(t: RecordTag) {
          tag = t;
          if (!host.locked) host.state.auditAnchor = { seq: t.seq, hash: t.hash };
          const anchored = withAnchor(body, t);
          body.fill(0);
          try {
            await host.vault.prepareChange(t, slots, anchored);
          } finally {
            anchored.fill(0);
          }
        },
        commit() {
          before.body.fill(0);
          if (tag) host.track(host.vault.commitChange(tag).catch((e: unknown) => host.warn(`a committed change could not be moved into the vault file yet (${e instanceof Error ? e.name : 'error'}); the next unlock completes it`)));
        },
        abort() {
          body.fill(0);
          undo();
          if (tag) host.track(host.vault.abortChange(tag).catch(() => undefined)); // reconciliation at open removes it otherwise
        },
      };
    },
  };
  return scope;
}
