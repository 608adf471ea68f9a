/**
 * The create-key flow's choices (type → usage → spec), all derived from the one catalogue in
 * src-shared: the renderer lists no spec/usage combination of its own. Pure.
 */
import { CATALOGUE, CATALOGUE_ORDER, usageEntry } from '../../src-shared/kms/catalogue';
import type { KeySpec, KeyUsage } from '../../src-shared/kms/enums';
import { keyTypeOf, type KeyType } from './keyKind';

export interface TypeOption {
  value: KeyType;
  label: string;
  description: string;
}

/** The four key types, in the AWS console's order, with what each is for. */
export const KEY_TYPES: readonly TypeOption[] = [
  { value: 'symmetric', label: 'Symmetric', description: 'One secret AES key that never leaves the vault: encrypt data and generate data keys. Rotates automatically.' },
  { value: 'asymmetric', label: 'Asymmetric', description: 'A key pair (RSA or elliptic curve): sign, encrypt or agree on secrets here; the public key can be shared.' },
  { value: 'hmac', label: 'HMAC', description: 'A secret HMAC key: generate and verify message authentication codes (tokens, webhooks).' },
  { value: 'pq', label: 'Post-quantum', description: 'NIST post-quantum algorithms: ML-DSA signatures (FIPS 204), ML-KEM key encapsulation (FIPS 203).' },
];

/** What a key usage means, whatever the spec. */
export const USAGE_DESCRIPTIONS: Record<KeyUsage, { label: string; description: string }> = {
  ENCRYPT_DECRYPT: { label: 'Encrypt and decrypt', description: 'Protect data: encrypt with the key, decrypt only here.' },
  SIGN_VERIFY: { label: 'Sign and verify', description: 'Prove who made a message or file; anyone with the public key can verify.' },
  GENERATE_VERIFY_MAC: { label: 'Generate and verify MAC', description: 'Authenticate messages with a shared-secret MAC.' },
  KEY_AGREEMENT: { label: 'Key agreement', description: 'Derive a shared secret with a peer\'s public key (ECDH).' },
  ENCAPSULATE_DECAPSULATE: { label: 'Encapsulate and decapsulate', description: 'Post-quantum key exchange: send a shared secret to the public key.' },
};

export interface UsageOption {
  value: KeyUsage;
  label: string;
  description: string;
}

/** Usages some offered spec of this type allows, in the order the catalogue first lists them. */
export function usageOptions(type: KeyType): UsageOption[] {
  const seen: KeyUsage[] = [];
  for (const spec of CATALOGUE_ORDER) {
    const entry = CATALOGUE[spec];
    if (!entry.offered || keyTypeOf(spec) !== type) continue;
    for (const u of entry.usages) if (!seen.includes(u.usage)) seen.push(u.usage);
  }
  return seen.map((u) => ({ value: u, ...USAGE_DESCRIPTIONS[u] }));
}

export interface SpecOption {
  spec: KeySpec;
  /** "P-256", "RSA 4096". */
  label: string;
  /** What a key of this spec is for. */
  summary: string;
  /** What this spec does with the chosen usage (algorithms, limits). */
  usageSummary: string;
  /** False for specs KMS offers only elsewhere (SM2): shown, not selectable. */
  offered: boolean;
  notOfferedReason?: string;
}

/** Specs of this type that allow the usage, including those not offered here (shown disabled). */
export function specOptions(type: KeyType, usage: KeyUsage): SpecOption[] {
  const out: SpecOption[] = [];
  for (const spec of CATALOGUE_ORDER) {
    const entry = CATALOGUE[spec];
    const u = usageEntry(spec, usage);
    if (keyTypeOf(spec) !== type || !u) continue;
    out.push({
      spec,
      label: entry.label,
      summary: entry.summary,
      usageSummary: u.summary,
      offered: entry.offered,
      ...(entry.notOfferedReason ? { notOfferedReason: entry.notOfferedReason } : {}),
    });
  }
  return out;
}

export interface KeyChoice {
  type: KeyType;
  usage: KeyUsage;
  spec: KeySpec;
}

/**
 * Keep a choice valid after one part changed: the usage must exist for the type, the spec
 * must be offered for the usage; otherwise fall back to the first that is.
 */
export function normalizeChoice(choice: KeyChoice): KeyChoice {
  const usages = usageOptions(choice.type);
  const usage = usages.some((u) => u.value === choice.usage) ? choice.usage : usages[0]?.value ?? 'ENCRYPT_DECRYPT';
  const specs = specOptions(choice.type, usage).filter((s) => s.offered);
  const spec = specs.some((s) => s.spec === choice.spec) ? choice.spec : specs[0]?.spec ?? 'SYMMETRIC_DEFAULT';
  return { type: choice.type, usage, spec };
}

export const DEFAULT_CHOICE: KeyChoice = normalizeChoice({ type: 'symmetric', usage: 'ENCRYPT_DECRYPT', spec: 'SYMMETRIC_DEFAULT' });

/** Key generation that takes noticeable time (RSA 4096 can take seconds): the UI shows progress. */
export function isSlowToCreate(spec: KeySpec): boolean {
  const e = CATALOGUE[spec];
  return e.family === 'RSA' && e.keyBits >= 3072;
}
