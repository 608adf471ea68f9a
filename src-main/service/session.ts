/**
 * An unlocked vault: the vault handle, the engine state decoded from its body, and the
 * engine over both. Commits serialise the state into the vault; a failed commit restores
 * the last committed state, so memory never runs ahead of disk.
 */
import { KMSInternalException, SelfTestFailedException } from '../../src-shared/kms/errors.js';
import type { SelfTestReport } from '../crypto/self-test.js';
import type { EngineContext } from '../kms/context.js';
import { KmsEngine } from '../kms/engine.js';
import { deserialiseState, serialiseState, wipeState, type VaultState } from '../kms/model.js';
import type { Clock } from '../platform/clock.js';
import type { Slot } from '../vault/format.js';
import type { VaultHandle } from '../vault/vault.js';
import { type ChangeScope, openScope, restoreState, type ScopeHost } from './change-scope.js';

/** One open vault: its handle, its decoded state and the engine over them. */
export class VaultSession implements ScopeHost {
  readonly state: VaultState;
  readonly engine: KmsEngine;
  readonly ctx: EngineContext;
  /** ScopeHost (change-scope.ts): staged slots, undo count and state, vault writes in flight. */
  slots: Slot[];
  aborts = 0;
  lastUndo: { body: Uint8Array; slots: Slot[] } | undefined;
  locked = false;
  private readonly inflight = new Set<Promise<void>>();
  /** The change scope open under the mutex, if any: the engine's commit only marks it. */
  private scope: (ChangeScope & { dirty: boolean }) | undefined;

  constructor(
    readonly vault: VaultHandle,
    clock: Clock,
    selfTest: () => SelfTestReport,
    auditHead: () => { seq: number; hash: string } | undefined,
  ) {
    const body = vault.readBody();
    try {
      this.state = deserialiseState(body);
    } finally {
      body.fill(0);
    }
    this.state.vaultId = vault.vaultId; // the vault header is the authority for the id
    this.slots = vault.slots();
    const state = this.state;
    this.ctx = {
      state,
      clock,
      commit: async () => {
        if (this.scope) {
          this.scope.dirty = true; // written with its audit record (beginChange)
          return;
        }
        const head = auditHead();
        if (head) state.auditAnchor = head;
        const bytes = serialiseState(state);
        try {
          await vault.commit(bytes);
        } catch (e) {
          this.restoreCommitted();
          const why = e instanceof Error && 'code' in e ? ` (${String(e.code)})` : '';
          throw new KMSInternalException(`The vault could not be written${why}; the change was not saved. Check free disk space and permissions.`);
        } finally {
          bytes.fill(0);
        }
      },
      assertCryptoReady: () => {
        const report = selfTest();
        if (!report.ok) {
          const failed = report.results.filter((r) => !r.ok).map((r) => r.name).join(', ');
          throw new SelfTestFailedException(`Cryptographic self-tests failed (${failed}); every cryptographic operation is refused.`);
        }
      },
    };
    this.engine = new KmsEngine(this.ctx);
  }

  /**
   * Start a change (under the service mutex): until end(), the engine's commits only mark
   * it; end() hands back the AuditIntent that writes it with its record (audit/intent.ts).
   */
  beginChange(): ChangeScope {
    const scope = openScope(this);
    this.scope = scope;
    const close = () => {
      if (this.scope === scope) this.scope = undefined;
    };
    return {
      stageSlots: (slots) => scope.stageSlots(slots),
      end: (stale) => {
        close();
        return scope.end(stale);
      },
      cancel: () => {
        close();
        scope.cancel();
      },
    };
  }

  /** Stage new unlock slots in the open change scope (a passphrase or keychain slot change). */
  stageSlots(slots: Slot[]): void {
    if (!this.scope) throw new KMSInternalException('An unlock slot change must run as a recorded change.');
    this.scope.stageSlots(slots);
  }

  /** ScopeHost: remember a vault write in flight so lock() waits for it. */
  track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** ScopeHost: a non-fatal problem. */
  warn(message: string): void {
    console.warn(`keyward: vault: ${message}`);
  }

  /** Put the last committed body back into the live state (after a failed write). */
  private restoreCommitted(): void {
    const body = this.vault.readBody();
    try {
      restoreState(this.state, body);
    } finally {
      body.fill(0);
    }
  }

  /** Zero key material and the vault key; release the writer lock (after vault writes in flight). */
  async lock(): Promise<void> {
    this.locked = true;
    wipeState(this.state);
    this.lastUndo?.body.fill(0);
    this.lastUndo = undefined;
    await Promise.allSettled([...this.inflight]);
    await this.vault.lock();
  }
}
