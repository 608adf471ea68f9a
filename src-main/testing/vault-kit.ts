/** Test kit: temporary folders, a cheap KDF and an in-memory keychain (loaded only by tests). */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hex } from '@scure/base';
import { KeychainUnavailableException } from '../../src-shared/kms/errors.js';
import { randomBytes } from '../crypto/random.js';
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
