/**
 * The engine's in-memory model and its serialised form (the vault body). Material bytes
 * live only in Uint8Arrays so locking can zero them (see wipeState).
 */
import type { KeySpec, KeyState, KeyUsage, OriginType, RotationType } from '../../src-shared/kms/enums.js';
import type { Tag } from '../../src-shared/kms/schemas.js';
import { defaultPolicy } from './default-policy.js';
import { type TrackedMap, trackedMapOf } from './tracked.js';
import type { AuditBreak } from '../../src-shared/audit.js';
import { type Body, BODY_FORMAT_VERSION, decodeBody, DEFAULT_SETTINGS, encodeBody, type KEY_MANAGERS } from './vault-body.js';

export interface MaterialVersion {
  /** KMS KeyMaterialId: 64 hex. */
  id: string;
  /**
   * The secret: the AES-256 key (SYMMETRIC_DEFAULT), the HMAC key, the private key as
   * PKCS #8 DER (RSA, ECC, Ed25519), or the expanded FIPS 203/204 secret key (ML-KEM, ML-DSA).
   */
  bytes: Uint8Array;
  /** Asymmetric keys: the public key as DER SubjectPublicKeyInfo (not secret). */
  publicKey?: Uint8Array;
  createdAt: number;
  /** Absent for the original material. */
  rotationType?: RotationType;
}

export interface KeyRecord {
  keyId: string;
  creationDate: number;
  description: string;
  keyUsage: KeyUsage;
  keySpec: KeySpec;
  origin: OriginType;
  state: KeyState;
  policy: string;
  deletionDate?: number;
  pendingWindowInDays?: number;
  /** When the current deletion was scheduled (cost: nothing is billed from then). */
  pendingDeletionSince?: number;
  rotation: { enabled: boolean; periodDays: number; nextRotation?: number; onDemandCount: number };
  /** Oldest first; the last one is CURRENT. */
  materials: MaterialVersion[];
  tags: Tag[];
  /**
   * Who manages the key (KeyMetadata.KeyManager): absent means CUSTOMER. 'AWS' marks an AWS
   * managed key behind a predefined alias/aws/* alias (aws-managed.ts).
   */
  keyManager?: KeyManagerType;
}

/** KeyMetadata.KeyManager (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html). */
export type KeyManagerType = (typeof KEY_MANAGERS)[number];

export interface AliasRecord {
  aliasName: string;
  targetKeyId: string;
  creationDate: number;
  lastUpdatedDate: number;
}

/** What is left of a deleted key, for cost proration in the month it was deleted. */
export interface DeletedKeyRecord {
  keyId: string;
  creationDate: number;
  pendingDeletionSince: number;
  deletedAt: number;
  rotationDates: number[];
}

export interface VaultSettings {
  accountId: string;
  region: string;
  idleLockMinutes: number;
  /** The local KMS endpoint starts on unlock when on. */
  apiEnabled: boolean;
  apiPort: number;
}

/** An access key for the local KMS endpoint. The secret lives only here (and, once, in the create answer). */
export interface AccessKeyRecord {
  /** AKIA + 16 base32 characters. */
  accessKeyId: string;
  /** 40 ASCII characters, as bytes so locking can zero them. */
  secret: Uint8Array;
  description: string;
  createdAt: number;
}

export { DEFAULT_SETTINGS };

/**
 * The engine's state. The record maps are TrackedMaps (tracked.ts): writers change a record
 * through `set`, `delete` or `edit(id)` so the change is captured (change-set.ts). The other
 * top-level fields are captured by comparing their serialised form (topOf) before and after.
 */
export interface VaultState {
  /** The body format the state is written in (vault-body.ts). */
  formatVersion: typeof BODY_FORMAT_VERSION;
  vaultId: string;
  settings: VaultSettings;
  keys: TrackedMap<KeyRecord>;
  aliases: TrackedMap<AliasRecord>;
  deletedKeys: DeletedKeyRecord[];
  /** Access keys of the local KMS endpoint, by id. */
  accessKeys: TrackedMap<AccessKeyRecord>;
  /**
   * The audit log's witness (audit/witness.ts): the head at the last digest, that digest's
   * number and how many witnesses the vault has recorded. Older vaults hold {seq, hash} only.
   */
  auditAnchor?: AuditAnchor;
  /** The audit chain's HMAC key (32 random bytes), created at first unlock; never logged. */
  auditKey?: Uint8Array;
  /** Audit breaks detected and kept until a person acknowledges them (src-shared/audit.ts AuditBreak). */
  auditBreaks?: AuditBreak[];
}

/** VaultState.auditAnchor. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  digest?: number;
  position?: number;
}

export function emptyState(vaultId: string, settings: VaultSettings = DEFAULT_SETTINGS): VaultState {
  return {
    formatVersion: BODY_FORMAT_VERSION, vaultId, settings: { ...settings },
    keys: trackedMapOf([]), aliases: trackedMapOf([]), deletedKeys: [], accessKeys: trackedMapOf([]),
  };
}

/** A key as stored (vault-body.ts): byte fields base64, the policy absent when it is the default. */
export type StoredKey = Body['keys'][number];
/** An access key as stored: the secret base64. */
export type StoredAccessKey = Body['accessKeys'][number];
/** The top-level fields other than the record maps, as stored. */
export type StoredTop = Pick<Body, 'settings' | 'deletedKeys' | 'auditAnchor' | 'auditKey' | 'auditBreaks'>;

/**
 * Base64 through Node's Buffer (several times faster than a JS codec on a 10 MB body). Input
 * is authenticated vault content, so Buffer's lenient decoder sees only what we wrote.
 */
function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Decode into a fresh, unpooled array (it may hold a secret that locking zeroes). */
function unb64(s: string): Uint8Array {
  const pooled = Buffer.from(s, 'base64');
  const out = new Uint8Array(pooled.length);
  out.set(pooled);
  pooled.fill(0);
  return out;
}

/** A key as stored; its policy is left out when it is the default policy of `accountId`. */
export function storeKey(k: KeyRecord, accountId: string): StoredKey {
  // Written field by field: object rest/spread is several times slower at 10,000 keys.
  const out: StoredKey = {
    keyId: k.keyId, creationDate: k.creationDate, description: k.description, keyUsage: k.keyUsage, keySpec: k.keySpec,
    origin: k.origin, state: k.state, rotation: k.rotation,
    materials: k.materials.map((m) => {
      const sm: StoredKey['materials'][number] = { id: m.id, createdAt: m.createdAt, bytes: b64(m.bytes) };
      if (m.rotationType !== undefined) sm.rotationType = m.rotationType;
      if (m.publicKey) sm.publicKey = b64(m.publicKey);
      return sm;
    }),
    tags: k.tags,
  };
  if (k.policy !== defaultPolicy(accountId)) out.policy = k.policy;
  if (k.deletionDate !== undefined) out.deletionDate = k.deletionDate;
  if (k.pendingWindowInDays !== undefined) out.pendingWindowInDays = k.pendingWindowInDays;
  if (k.pendingDeletionSince !== undefined) out.pendingDeletionSince = k.pendingDeletionSince;
  if (k.keyManager !== undefined) out.keyManager = k.keyManager;
  return out;
}

/** The stored key back as a record; an absent policy is the default policy of `accountId`. */
export function loadKey(k: StoredKey, accountId: string): KeyRecord {
  const r = k.rotation;
  const rotation: KeyRecord['rotation'] = { enabled: r.enabled, periodDays: r.periodDays, onDemandCount: r.onDemandCount };
  if (r.nextRotation !== undefined) rotation.nextRotation = r.nextRotation;
  const out: KeyRecord = {
    keyId: k.keyId, creationDate: k.creationDate, description: k.description, keyUsage: k.keyUsage, keySpec: k.keySpec,
    origin: k.origin, state: k.state, policy: k.policy ?? defaultPolicy(accountId), rotation,
    materials: k.materials.map(materialOf),
    tags: k.tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
  };
  if (k.keyManager === 'AWS') out.keyManager = 'AWS';
  if (k.deletionDate !== undefined) out.deletionDate = k.deletionDate;
  if (k.pendingWindowInDays !== undefined) out.pendingWindowInDays = k.pendingWindowInDays;
  if (k.pendingDeletionSince !== undefined) out.pendingDeletionSince = k.pendingDeletionSince;
  return out;
}

function materialOf(m: StoredKey['materials'][number]): MaterialVersion {
  const out: MaterialVersion = { id: m.id, bytes: unb64(m.bytes), createdAt: m.createdAt };
  if (m.publicKey !== undefined) out.publicKey = unb64(m.publicKey);
  if (m.rotationType !== undefined) out.rotationType = m.rotationType;
  return out;
}

/** An access key as stored. */
export function storeAccessKey(a: AccessKeyRecord): StoredAccessKey {
  return { ...a, secret: b64(a.secret) };
}

/** A stored access key back as a record. */
export function loadAccessKey(a: StoredAccessKey): AccessKeyRecord {
  return { ...a, secret: unb64(a.secret) };
}

/** The top-level fields other than the record maps (a new body field that is not a map goes here). */
export function topOf(state: VaultState): StoredTop {
  return {
    settings: state.settings,
    deletedKeys: state.deletedKeys,
    ...(state.auditAnchor ? { auditAnchor: state.auditAnchor } : {}),
    ...(state.auditKey ? { auditKey: b64(state.auditKey) } : {}),
    ...(state.auditBreaks && state.auditBreaks.length > 0 ? { auditBreaks: state.auditBreaks } : {}),
  };
}

/** Put stored top-level fields (copies) into `state`. */
export function applyTop(state: VaultState, top: StoredTop): void {
  applyTopFields(state, { ...top, auditAnchor: top.auditAnchor ?? null, auditKey: top.auditKey ?? null, auditBreaks: top.auditBreaks ?? null });
}

/** The top-level fields, as a change set carries them: only those that changed; null: removed. */
export type TopFields = { settings?: StoredTop['settings']; deletedKeys?: StoredTop['deletedKeys'] } & {
  [F in 'auditAnchor' | 'auditKey' | 'auditBreaks']?: NonNullable<StoredTop[F]> | null;
};

/** The names of the top-level fields (TopFields). */
export const TOP_FIELDS = ['settings', 'deletedKeys', 'auditAnchor', 'auditKey', 'auditBreaks'] as const;

/** Apply the fields present in `top` (a change set's, or a whole body's). */
export function applyTopFields(state: VaultState, top: TopFields): void {
  if (top.settings) state.settings = { ...top.settings };
  if (top.deletedKeys) state.deletedKeys = top.deletedKeys.map((d) => ({ ...d, rotationDates: [...d.rotationDates] }));
  if (top.auditAnchor !== undefined) {
    if (top.auditAnchor) state.auditAnchor = anchorOf(top.auditAnchor);
    else delete state.auditAnchor;
  }
  if (top.auditKey !== undefined) {
    if (top.auditKey) state.auditKey = unb64(top.auditKey);
    else delete state.auditKey;
  }
  if (top.auditBreaks !== undefined) {
    if (top.auditBreaks) state.auditBreaks = top.auditBreaks.map(breakOf);
    else delete state.auditBreaks;
  }
}

/** The stored anchor without `undefined`s (exactOptionalPropertyTypes). */
function anchorOf(a: NonNullable<Body['auditAnchor']>): AuditAnchor {
  return { seq: a.seq, hash: a.hash, ...(a.digest !== undefined ? { digest: a.digest } : {}), ...(a.position !== undefined ? { position: a.position } : {}) };
}

/** A stored break without `undefined`s. */
function breakOf(b: NonNullable<Body['auditBreaks']>[number]): AuditBreak {
  const { acknowledgedAt, ...rest } = b;
  return { ...rest, ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}) };
}

/**
 * Serialise for the vault body (vault-body.ts, format BODY_FORMAT_VERSION). The JSON text
 * transiently holds base64 material; it is a JS string and cannot be zeroed, but it is
 * dropped as soon as the vault has sealed it.
 */
export function serialiseState(state: VaultState): Uint8Array {
  const accountId = state.settings.accountId;
  const body: Body = {
    formatVersion: BODY_FORMAT_VERSION,
    vaultId: state.vaultId,
    ...topOf(state),
    keys: [...state.keys.values()].map((k) => storeKey(k, accountId)),
    aliases: [...state.aliases.values()],
    accessKeys: [...state.accessKeys.values()].map(storeAccessKey),
  };
  return encodeBody(body);
}

/**
 * Decode a vault body of any known format version (migrating older ones, vault-body.ts).
 * @throws VaultCorruptedException if it does not match its format or is from a newer Keyward.
 */
export function deserialiseState(bytes: Uint8Array): VaultState {
  const raw = decodeBody(bytes);
  const accountId = raw.settings.accountId;
  const state: VaultState = {
    formatVersion: BODY_FORMAT_VERSION,
    vaultId: raw.vaultId,
    settings: DEFAULT_SETTINGS,
    keys: trackedMapOf(raw.keys.map((k) => [k.keyId, loadKey(k, accountId)])),
    aliases: trackedMapOf(raw.aliases.map((a) => [a.aliasName, { ...a }])),
    deletedKeys: [],
    accessKeys: trackedMapOf(raw.accessKeys.map((a) => [a.accessKeyId, loadAccessKey(a)])),
  };
  applyTop(state, raw);
  return state;
}

/** Zero every material buffer and drop the references (locking). */
export function wipeState(state: VaultState): void {
  for (const key of state.keys.values()) {
    for (const m of key.materials) m.bytes.fill(0);
    key.materials = [];
  }
  state.keys.clear();
  state.aliases.clear();
  for (const a of state.accessKeys.values()) a.secret.fill(0);
  state.accessKeys.clear();
  state.auditKey?.fill(0);
  delete state.auditKey;
}

export function currentMaterial(key: KeyRecord): MaterialVersion | undefined {
  return key.materials[key.materials.length - 1];
}
