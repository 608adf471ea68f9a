/**
 * The vault session manager: create, unlock (passphrase or OS keychain), lock by the user,
 * by idle time or at close, and the vault's status. At most one session is open; while
 * locked, the last known settings (account, region, idle minutes, endpoint) still answer.
 */
import type { IntegrityProblem, VaultStatus } from '../../src-shared/app.js';
import {
  KeychainUnavailableException, VaultBusyException, VaultCorruptedException, VaultExistsException, VaultLockedException, VaultNotFoundException,
} from '../../src-shared/kms/errors.js';
import type { SelfTestReport } from '../crypto/self-test.js';
import { DEFAULT_SETTINGS, emptyState, serialiseState, type VaultSettings } from '../kms/model.js';
import type { Clock } from '../platform/clock.js';
import type { KdfParams } from '../vault/kdf.js';
import type { Keychain } from '../vault/keychain.js';
import { prevPathOf } from '../vault/persist.js';
import { checkVaultFile, restorePreviousGeneration } from '../vault/restore.js';
import { createVault, openVaultWithKeychain, openVaultWithPassphrase, readVaultHeader, vaultExists, type VaultHandle } from '../vault/vault.js';
import { type FsPort, nodeFs, unlinkIfPresent } from '../platform/fs.js';
import { VaultSession } from './session.js';

/** What the session manager is wired to. */
export interface SessionManagerDeps {
  vaultPath: string;
  keychain: Keychain;
  /** scrypt cost for new passphrase slots; undefined for the default. */
  kdf: KdfParams | undefined;
  clock: Clock;
  selfTest: SelfTestReport;
  /** The audit log's flush (on lock). */
  flushAudit(): Promise<void>;
  /** The session is open: give the audit log its key (audit-integrity.ts). */
  /** The audit log's head (a pending change at or below it has its record). */
  auditHead(): { seq: number; hash: string };
  auditUnlocked(s: VaultSession): Promise<void>;
  /** The session is about to lock: the audit log writes its last digest and drops the key. */
  auditLocking(why: LockReason): Promise<void>;
  /** Runs `fn` under the service's mutex (the idle lock must not interleave with a call). */
  serialise(fn: () => Promise<void>): Promise<void>;
  /** After a session opens, before the idle timer is armed: catch up on what fell due. */
  catchUp(): Promise<void>;
  /** After a session opens and the idle timer is armed (the endpoint follows the settings). */
  opened(): Promise<void>;
  /** An integrity failure the audit log reported when it was opened, if any. */
  auditIntegrity?(): IntegrityProblem | undefined;
  /** Undo `fn` if the running call's record is not written (call-changes.ts), telling the caller `note`. */
  onAbort(fn: () => void | Promise<void>, note: string): void;
  /** The audit log's lookup of a record's place: reconciles changes written ahead of their record at unlock. */
  hasRecord(tag: { seq: number; hash: string }): Promise<boolean>;
  /** The vault's file-system port (tests inject crashes through it); default the real one. */
  vaultFs?: FsPort;
}

/** Remove a vault that was created by a refused vault:create (after it is locked). */
const removeVaultFiles = async (path: string): Promise<void> => { for (const p of [path, `${path}.prev`, `${path}.journal`, `${path}.journal.prev`]) await unlinkIfPresent(nodeFs, p); };

/** Say what unlock did with changes written ahead of their audit record (vault/pending.ts, vault/journal.ts). */
function reportReconciled(handle: VaultHandle, s: VaultSession): void {
  const r = handle.reconciled;
  if (r.applied) console.warn(`keyward: vault: completed the unlock slot change of audit record ${r.applied.seq}, interrupted before it was written into the vault file`);
  const discarded = [...r.discarded, ...s.openReport.discarded];
  if (discarded.length > 0) console.warn(`keyward: vault: discarded ${discarded.length} change(s) whose audit record was never written (records ${discarded.map((t) => t.seq).join(', ')}); no caller was told they succeeded`);
}

/** What the user can do about a damaged vault file. */
const VAULT_ADVICE_PREVIOUS = 'Open the previous generation (the vault as it was before its last change) with your passphrase: the damaged file is kept aside, not deleted. Or restore the vault file from a backup.';
const VAULT_ADVICE_BACKUP = 'No intact previous generation is available. Restore the vault file from a backup; keep the damaged file for inspection.';

/** Why a session was locked (kept for the record of intent; each path locks the same way). */
export type LockReason = 'user' | 'idle' | 'close';

/** Holds at most one open VaultSession, the idle timer and the last known settings. */
export class SessionManager {
  private session: VaultSession | undefined;
  private lastSettings: VaultSettings = { ...DEFAULT_SETTINGS };
  private idleTimer: NodeJS.Timeout | undefined;
  /** Why the last unlock found the vault file damaged (checks that need the key); cleared when a session opens. */
  private vaultDamage: string | undefined;

  constructor(private readonly deps: SessionManagerDeps) {}

  /** The open session, if any. */
  get current(): VaultSession | undefined { return this.session; }

  /** The open session. Throws VaultLockedException when locked. */
  require(): VaultSession {
    if (!this.session) throw new VaultLockedException('The vault is locked. Unlock it to use keys.');
    return this.session;
  }

  /** The vault's settings, or the last known ones while locked. */
  settings(): VaultSettings { return this.session ? this.session.state.settings : this.lastSettings; }

  /** Remember the open vault's settings for when it is locked (after a settings change). */
  noteSettings(): void {
    if (this.session) this.lastSettings = { ...this.session.state.settings };
  }

  /** (Re)start the idle timer: the vault locks after settings().idleLockMinutes without activity. */
  armIdleLock(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.session) return;
    this.idleTimer = setTimeout(() => {
      void this.deps.serialise(() => this.lock('idle')).catch(() => {});
    }, this.settings().idleLockMinutes * 60_000);
    this.idleTimer.unref();
  }

  /**
   * Lock at once, synchronously (a refused unlock or create, call-changes.ts): the session is
   * gone before any other call runs; key material is zeroed now and the writer lock released
   * in the background, then `after` runs.
   */
  abandon(s: VaultSession, after?: () => Promise<void>): Promise<void> | undefined {
    if (this.session !== s) return undefined;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.session = undefined;
    void this.deps.auditLocking('user').catch(() => undefined); // the log drops the audit key too
    return s.lock().then(after).catch(() => undefined);
  }

  /** Zero key material and the vault key, release the vault's writer lock, flush the audit log. No-op when locked. */
  async lock(why: LockReason): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.session) return;
    this.lastSettings = { ...this.session.state.settings };
    const s = this.session;
    await this.deps.auditLocking(why);
    this.session = undefined;
    await s.lock();
    await this.deps.flushAudit();
  }

  /**
   * Create the vault with a passphrase slot (and a keychain slot if asked) and open it.
   * Throws VaultExistsException, KeychainUnavailableException.
   */
  async create(passphrase: string, useKeychain: boolean): Promise<void> {
    const { vaultPath, keychain, kdf } = this.deps;
    if (await vaultExists(vaultPath)) {
      throw new VaultExistsException(`A vault already exists at ${vaultPath}. Unlock it instead.`);
    }
    if (useKeychain) await this.assertKeychain();
    const body = serialiseState(emptyState(''));
    const handle = await createVault(vaultPath, passphrase, body, {
      ...(kdf ? { kdf } : {}),
      ...(useKeychain ? { keychain } : {}),
      ...(this.deps.vaultFs ? { fs: this.deps.vaultFs } : {}),
    });
    // A refused create leaves no vault behind (the files are removed once it is locked).
    this.deps.onAbort(() => {
      const s = this.session;
      if (s) return this.abandon(s, () => removeVaultFiles(vaultPath));
      return handle.lock().then(() => removeVaultFiles(vaultPath)).catch(() => undefined);
    }, 'The vault was not created.');
    await this.start(async () => handle);
    await this.require().ctx.commit(); // write the state with its real vault id
  }

  /** Open with the passphrase; nothing to do when already open. Throws VaultNotFoundException, IncorrectPassphraseException. */
  async unlock(passphrase: string): Promise<void> {
    if (this.session) return; // already unlocked: nothing to do, nothing changes
    await this.assertExists();
    await this.start(() => openVaultWithPassphrase(this.deps.vaultPath, passphrase, { hasRecord: this.deps.hasRecord, ...(this.deps.vaultFs ? { fs: this.deps.vaultFs } : {}) }));
  }

  /** Open with the OS keychain slot; nothing to do when already open. Throws VaultNotFoundException, KeychainUnavailableException. */
  async unlockWithKeychain(): Promise<void> {
    if (this.session) return;
    await this.assertExists();
    await this.assertKeychain();
    await this.start(() => openVaultWithKeychain(this.deps.vaultPath, this.deps.keychain, this.deps.hasRecord, this.deps.vaultFs));
  }

  /** Throws KeychainUnavailableException unless an OS keychain that counts as one is present (basic_text does not). */
  async assertKeychain(): Promise<void> {
    const kc = await this.deps.keychain.status();
    if (!kc.available) {
      throw new KeychainUnavailableException(
        kc.backend === 'basic_text'
          ? 'The only secret store here is basic_text, which keeps secrets in plain text; it does not count as a keychain. Use the passphrase.'
          : 'No OS keychain is available on this system; use the passphrase.',
      );
    }
  }

  /** The vault as the UI shows it: present, unlocked, unlock slots, settings. Never throws for a missing or unreadable file. */
  async status(): Promise<VaultStatus> {
    const { vaultPath, keychain } = this.deps;
    const exists = await vaultExists(vaultPath);
    const kc = await keychain.status().catch(() => ({ available: false, backend: 'none' }));
    let headerDamage: string | undefined;
    const header = exists ? await readVaultHeader(vaultPath).catch(() => undefined) : undefined;
    if (exists && header === undefined) {
      // Unreadable: damaged, or only written by a newer Keyward (not damage; unlock says so).
      const check = await checkVaultFile(vaultPath);
      if (check.kind === 'damaged') headerDamage = check.reason;
    }
    const settings = this.settings();
    const st: VaultStatus = {
      exists,
      unlocked: this.session !== undefined,
      vaultPath,
      keychainAvailable: kc.available,
      keychainBackend: kc.backend,
      hasKeychainSlot: this.session ? this.session.slots.some((x) => x.type === 'keychain') : header?.hasKeychainSlot ?? false,
      idleLockMinutes: settings.idleLockMinutes,
      accountId: settings.accountId,
      region: settings.region,
    };
    if (header) st.vaultId = header.vaultId;
    const integrity: IntegrityProblem[] = [];
    const damage = exists && !st.unlocked ? (headerDamage ?? this.vaultDamage) : undefined;
    if (damage !== undefined) {
      st.previousGenerationAvailable = (await checkVaultFile(prevPathOf(vaultPath))).kind === 'intact';
      integrity.push({ subject: 'vault', message: damage, advice: st.previousGenerationAvailable ? VAULT_ADVICE_PREVIOUS : VAULT_ADVICE_BACKUP });
    }
    const audit = this.deps.auditIntegrity?.();
    if (audit) integrity.push(audit);
    if (integrity.length > 0) st.integrity = integrity;
    const breaks = this.session?.state.auditBreaks?.filter((b) => b.acknowledgedAt === undefined);
    if (breaks && breaks.length > 0) st.auditBreaks = breaks;
    return st;
  }

  /**
   * Replace the damaged vault file by its previous generation and open it (vault/restore.ts);
   * `registerUndo` receives how to put everything back if the call's audit record cannot be
   * written. Throws VaultBusyException when a session is open (its file passed the checks),
   * and what restorePreviousGeneration throws.
   */
  async openPreviousGeneration(passphrase: string, registerUndo: (undo: () => Promise<void>) => void): Promise<{ damagedPath: string }> {
    if (this.session) throw new VaultBusyException('The vault is open, so its file passed its integrity checks. Lock it first; nothing was changed.');
    const restored = await restorePreviousGeneration(this.deps.vaultPath, passphrase, this.deps.clock.now());
    try {
      await this.start(() => Promise.resolve(restored.handle));
    } catch (e) {
      await restored.handle.lock().catch(() => undefined);
      await restored.undo().catch(() => undefined);
      throw e;
    }
    const s = this.current;
    registerUndo(async () => {
      await s?.lock(); // abandoned by the refusal (start registered it): wait for it to finish
      await restored.undo();
    });
    return { damagedPath: restored.damagedPath };
  }

  /**
   * The record of the vault's last committed change (its audit anchor), or undefined when the
   * log holds it: a change without its record is a break (reported at unlock).
   */
  anchorMissing: { seq: number; hash: string } | undefined;

  /** Whether each change frame read at open has its record in the log (looked up once, before replay). */
  private async recordsOf(handle: VaultHandle): Promise<(t: { seq: number; hash: string }) => boolean> {
    const present = new Set<string>();
    for (const t of handle.pendingTags()) if (await this.deps.hasRecord(t)) present.add(`${t.seq}:${t.hash}`);
    return (t) => present.has(`${t.seq}:${t.hash}`);
  }

  private async checkAnchor(s: VaultSession): Promise<{ seq: number; hash: string } | undefined> {
    const a = s.state.auditAnchor;
    if (!a || a.seq === 0 || (await this.deps.hasRecord(a))) return undefined;
    console.error(`keyward: the vault's last change (audit record ${a.seq}) has no record in the audit log: records were removed or the log was replaced`);
    return { ...a };
  }

  private async assertExists(): Promise<void> {
    const { vaultPath } = this.deps;
    if (!(await vaultExists(vaultPath))) throw new VaultNotFoundException(`No vault at ${vaultPath}. Create one first.`);
  }

  private async start(open: () => Promise<VaultHandle>): Promise<void> {
    let handle: VaultHandle;
    try {
      handle = await open();
    } catch (e) {
      // Remembered for vault:status, which offers the previous generation.
      if (e instanceof VaultCorruptedException && (await checkVaultFile(this.deps.vaultPath)).kind !== 'unsupported') this.vaultDamage = e.message;
      throw e;
    }
    this.vaultDamage = undefined;
    const { clock, selfTest } = this.deps;
    const s = new VaultSession(handle, clock, () => selfTest, () => this.deps.auditHead(), { hasRecord: await this.recordsOf(handle) });
    this.session = s;
    // A refused unlock locks again before any other call can use the vault.
    this.deps.onAbort(() => this.abandon(s), 'The vault was locked again.');
    const last = this.lastSettings;
    this.deps.onAbort(() => void (this.lastSettings = last), '');
    this.lastSettings = { ...s.state.settings };
    reportReconciled(handle, s);
    this.anchorMissing = await this.checkAnchor(s);
    await this.deps.auditUnlocked(s);
    await this.deps.catchUp(); // catch up on what fell due while the vault was closed
    this.armIdleLock();
    await this.deps.opened();
  }
}
