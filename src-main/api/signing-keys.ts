/**
 * SigV4 signing keys (AWS IAM User Guide, "Create a signed AWS API request", step "Derive a
 * signing key": kDate = HMAC("AWS4" + secret, date), kRegion, kService, kSigning =
 * HMAC(kService, "aws4_request"), all HMAC-SHA256), derived once per access key, date,
 * region and service and kept while they are used: a client signs every request of a day
 * with the same key, so the four HMACs need not be redone per request.
 *
 * An entry is used only while the access key's current secret is the one it was derived
 * from (a deleted key's secret is gone, a recreated one differs). The cache is bounded
 * (least recently used goes first), and `sweep` wipes (zero-fills) every entry when the vault
 * is locked and the entries of keys that are no longer issued; `watch` runs it every second.
 */
import { hmacSha256 } from '../crypto/hmac.js';

/** The most signing keys kept: a few days' scopes for each of a few dozen access keys. */
export const MAX_SIGNING_KEYS = 256;

interface Entry {
  accessKeyId: string;
  secret: string;
  key: Uint8Array;
}

/** What `sweep` asks of the vault, as the endpoint's auth port answers it. */
export interface SigningKeyAuth {
  unlocked(): boolean;
  secretOf(accessKeyId: string): string | undefined;
}

/** kSigning for `secret` at `date` (YYYYMMDD), `region`, `service` (32 bytes). */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Uint8Array {
  const kSecret = Buffer.from(`AWS4${secret}`, 'utf8');
  const kDate = hmacSha256(kSecret, date);
  kSecret.fill(0);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  const kSigning = hmacSha256(kService, 'aws4_request');
  kDate.fill(0);
  kRegion.fill(0);
  kService.fill(0);
  return kSigning;
}

/** A bounded cache of derived signing keys; see the module comment. */
export class SigningKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max = MAX_SIGNING_KEYS) {}

  /** How many keys are held (for tests). */
  get size(): number {
    return this.entries.size;
  }

  /** The signing key of `secret` for this scope, derived now or reused. */
  get(accessKeyId: string, secret: string, date: string, region: string, service: string): Uint8Array {
    const id = `${accessKeyId}/${date}/${region}/${service}`;
    const hit = this.entries.get(id);
    if (hit && hit.secret === secret) {
      // Most recently used last (Map keeps insertion order).
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.key;
    }
    if (hit) this.drop(id, hit);
    const key = deriveSigningKey(secret, date, region, service);
    this.entries.set(id, { accessKeyId, secret, key });
    if (this.entries.size > this.max) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry]; // size > max >= 1: not empty
      this.drop(oldest, entry);
    }
    return key;
  }

  /** Wipe everything when the vault is locked; otherwise the keys of access keys no longer issued (or reissued). */
  sweep(auth: SigningKeyAuth): void {
    const locked = !auth.unlocked();
    for (const [id, e] of [...this.entries]) {
      if (locked || auth.secretOf(e.accessKeyId) !== e.secret) this.drop(id, e);
    }
  }

  /** Wipe every key. */
  clear(): void {
    for (const [id, e] of [...this.entries]) this.drop(id, e);
  }

  /** Sweep every `intervalMs` until the returned function is called (which also clears). */
  watch(auth: SigningKeyAuth, intervalMs = 1000): () => void {
    const timer = setInterval(() => this.sweep(auth), intervalMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      this.clear();
    };
  }

  private drop(id: string, e: Entry): void {
    e.key.fill(0);
    this.entries.delete(id);
  }
}
