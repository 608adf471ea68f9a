/** Test kit: temporary folders, a cheap KDF and an in-memory keychain (loaded only by tests). */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hex } from '@scure/base';
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';
import { afterEach, beforeEach } from 'vitest';
import { randomBytes } from '../crypto/random.js';
import { createVault, type VaultHandle } from '../vault/vault.js';
import type { KdfParams } from '../vault/kdf.js';
import type { Keychain, KeychainStatus } from '../vault/keychain.js';

/** Cheap scrypt for tests (the floor aKdfParams allows). */
export const FAST_KDF: KdfParams = { N: 2 ** 10, r: 8, p: 1 };

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-vault-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A pid that belonged to a process which has already exited. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (typeof r.pid !== 'number') throw new Error('could not spawn a short-lived process');
  return r.pid;
}

/** An in-memory keychain: protect() stores the secret under a random handle. */
export class FakeKeychain implements Keychain {
  readonly entries = new Map<string, { handle: string; secret: Uint8Array }>();
  backend = 'gnome_libsecret';
  available = true;
  failUnprotect = false;
  forgotten: string[] = [];

  async status(): Promise<KeychainStatus> {
    return { available: this.available, backend: this.backend };
  }

  async protect(secret: Uint8Array, label: string): Promise<Uint8Array> {
    const handle = randomBytes(16);
    this.entries.set(label, { handle: hex.encode(handle), secret: secret.slice() });
    return handle.slice();
  }

  async unprotect(blob: Uint8Array, label: string): Promise<Uint8Array> {
    if (this.failUnprotect) throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
    const e = this.entries.get(label);
    if (!e || e.handle !== hex.encode(blob)) {
      throw new KeychainUnavailableException('No keychain entry for this vault.');
    }
    return e.secret.slice();
  }

  async forget(label: string): Promise<void> {
    this.forgotten.push(label);
    this.entries.delete(label);
  }
}

/** The passphrase the vault tests use. */
export const TEST_PASSPHRASE = 'correct horse battery staple';

/** A fresh folder and vault path for each test, and the handles opened on it. */
export interface VaultFile {
  readonly dir: string;
  /** `<dir>/vault.kwv`. */
  readonly path: string;
  /** Remember a handle so it is locked after the test. */
  track(h: VaultHandle): VaultHandle;
  /** Create the vault at `path` with TEST_PASSPHRASE, the cheap KDF and `body` as UTF-8. */
  create(body?: string, opts?: Parameters<typeof createVault>[3]): Promise<VaultHandle>;
}

/** Register beforeEach/afterEach that make and remove a temporary vault folder. */
export function useVaultFile(): VaultFile {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const open: VaultHandle[] = [];
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.lock().catch(() => undefined);
    await cleanup();
  });
  const kit: VaultFile = {
    get dir() {
      return dir;
    },
    get path() {
      return join(dir, 'vault.kwv');
    },
    track(h) {
      open.push(h);
      return h;
    },
    async create(body = 'v0', opts = {}) {
      return kit.track(await createVault(kit.path, TEST_PASSPHRASE, bytes(body), { kdf: FAST_KDF, ...opts }));
    },
  };
  return kit;
}
