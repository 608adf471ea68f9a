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
import { type Body, decodeBody, encodeBody } from '../kms/vault-body.js';
import { SerialQueue } from '../platform/serial-queue.js';
import type { Clock } from '../platform/clock.js';
import type { VaultHandle } from '../vault/vault.js';

/** One open vault: its handle, its decoded state and the engine over them. */
export class VaultSession {
  readonly state: VaultState;
  readonly engine: KmsEngine;
  readonly ctx: EngineContext;
  /** Commits and patches of the committed body, one at a time, each reading the latest state. */
  private readonly writes = new SerialQueue();

  constructor(
    readonly vault: VaultHandle,
    clock: Clock,
    selfTest: () => SelfTestReport,
  ) {
    const body = vault.readBody();
    try {
      this.state = deserialiseState(body);
    } finally {
      body.fill(0);
    }
    this.state.vaultId = vault.vaultId; // the vault header is the authority for the id
    const state = this.state;
    this.ctx = {
      state,
      clock,
      commit: () => this.writes.run(async () => {
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
      }),
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
   * Commit the last committed body with `patch` applied, ordered with every other commit (the
   * audit witness and breaks: in-flight changes in memory are not written early).
   */
  patchCommitted(patch: (body: Body) => void): Promise<void> {
    return this.writes.run(async () => {
      const body = decodeBody(this.vault.readBody());
      patch(body);
      const bytes = encodeBody(body);
      try {
        await this.vault.commit(bytes);
      } finally {
        bytes.fill(0);
      }
    });
  }

  /** The committed body, to undo a change whose audit record could not be written. */
  snapshot(): Uint8Array {
    return this.vault.readBody();
  }

  /** Commit `body` (a snapshot) again and make it the live state. Zeroes `body`. */
  async rollbackTo(body: Uint8Array): Promise<void> {
    try {
      await this.vault.commit(body);
    } finally {
      body.fill(0);
    }
    this.restoreCommitted();
  }

  /** Put the last committed body back into the live state (after a failed write). */
  private restoreCommitted(): void {
    const body = this.vault.readBody();
    try {
      const committed = deserialiseState(body);
      wipeState(this.state);
      this.state.settings = committed.settings;
      for (const [id, k] of committed.keys) this.state.keys.set(id, k);
      for (const [name, a] of committed.aliases) this.state.aliases.set(name, a);
      this.state.deletedKeys = committed.deletedKeys;
      for (const [id, a] of committed.accessKeys) this.state.accessKeys.set(id, a);
      if (committed.auditKey) this.state.auditKey = committed.auditKey; // the audit fields are kept by their own commits
      if (committed.auditBreaks) this.state.auditBreaks = committed.auditBreaks;
      else delete this.state.auditBreaks;
      if (committed.auditAnchor && (committed.auditAnchor.position ?? 0) >= (this.state.auditAnchor?.position ?? 0)) this.state.auditAnchor = committed.auditAnchor;
    } finally {
      body.fill(0);
    }
  }

  /** Zero key material and the vault key; release the writer lock. */
  async lock(): Promise<void> {
    wipeState(this.state);
    await this.vault.lock();
  }
}
