/**
 * The engine's in-memory model and its serialised form (the vault body). Material bytes
 * live only in Uint8Arrays so locking can zero them (see wipeState).
 */
import { base64 } from '@scure/base';
import type { KeySpec, KeyState, KeyUsage, OriginType, RotationType } from '../../src-shared/kms/enums.js';
import type { Tag } from '../../src-shared/kms/schemas.js';
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

export interface VaultState {
  /** The body format the state is written in (vault-body.ts). */
  formatVersion: typeof BODY_FORMAT_VERSION;
  vaultId: string;
  settings: VaultSettings;
  keys: Map<string, KeyRecord>;
  aliases: Map<string, AliasRecord>;
  deletedKeys: DeletedKeyRecord[];
  /** Access keys of the local KMS endpoint, by id. */
  accessKeys: Map<string, AccessKeyRecord>;
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
  return { formatVersion: BODY_FORMAT_VERSION, vaultId, settings: { ...settings }, keys: new Map(), aliases: new Map(), deletedKeys: [], accessKeys: new Map() };
}

/**
 * Serialise for the vault body (vault-body.ts, format BODY_FORMAT_VERSION). The JSON text
 * transiently holds base64 material; it is a JS string and cannot be zeroed, but it is
 * dropped as soon as the vault has sealed it.
 */
export function serialiseState(state: VaultState): Uint8Array {
  const body: Body = {
    formatVersion: BODY_FORMAT_VERSION,
    vaultId: state.vaultId,
    settings: state.settings,
    keys: [...state.keys.values()].map((k) => ({
      ...k,
      materials: k.materials.map(({ publicKey, ...m }) => ({
        ...m,
        bytes: base64.encode(m.bytes),
        ...(publicKey ? { publicKey: base64.encode(publicKey) } : {}),
      })),
    })),
    aliases: [...state.aliases.values()],
    deletedKeys: state.deletedKeys,
    accessKeys: [...state.accessKeys.values()].map((a) => ({ ...a, secret: base64.encode(a.secret) })),
    ...(state.auditAnchor ? { auditAnchor: state.auditAnchor } : {}),
    ...(state.auditKey ? { auditKey: base64.encode(state.auditKey) } : {}),
    ...(state.auditBreaks && state.auditBreaks.length > 0 ? { auditBreaks: state.auditBreaks } : {}),
  };
  return encodeBody(body);
}

/**
 * Decode a vault body of any known format version (migrating older ones, vault-body.ts).
 * @throws VaultCorruptedException if it does not match its format or is from a newer Keyward.
 */
export function deserialiseState(bytes: Uint8Array): VaultState {
  const raw = decodeBody(bytes);
  return {
    formatVersion: BODY_FORMAT_VERSION,
    vaultId: raw.vaultId,
    settings: { ...raw.settings },
    keys: new Map(raw.keys.map((k) => [k.keyId, keyOf(k)])),
    aliases: new Map(raw.aliases.map((a) => [a.aliasName, { ...a }])),
    deletedKeys: raw.deletedKeys.map((d) => ({ ...d })),
    accessKeys: new Map(raw.accessKeys.map((a) => [a.accessKeyId, { ...a, secret: base64.decode(a.secret) }])),
    ...(raw.auditAnchor ? { auditAnchor: anchorOf(raw.auditAnchor) } : {}),
    ...(raw.auditKey ? { auditKey: base64.decode(raw.auditKey) } : {}),
    ...(raw.auditBreaks ? { auditBreaks: raw.auditBreaks.map(breakOf) } : {}),
  };
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

type StoredKey = Body['keys'][number];

/** Optional fields of a stored key, without the `undefined`s (exactOptionalPropertyTypes). */
function keyOf(k: StoredKey): KeyRecord {
  const { deletionDate, pendingWindowInDays, pendingDeletionSince, rotation, materials, keyManager, ...rest } = k;
  const { nextRotation, ...rot } = rotation;
  return {
    ...rest,
    ...(keyManager === 'AWS' ? { keyManager } : {}),
    ...(deletionDate !== undefined ? { deletionDate } : {}),
    ...(pendingWindowInDays !== undefined ? { pendingWindowInDays } : {}),
    ...(pendingDeletionSince !== undefined ? { pendingDeletionSince } : {}),
    rotation: { ...rot, ...(nextRotation !== undefined ? { nextRotation } : {}) },
    materials: materials.map(materialOf),
  };
}

function materialOf(m: StoredKey['materials'][number]): MaterialVersion {
  const { publicKey, bytes, rotationType, ...rest } = m;
  return {
    ...rest,
    bytes: base64.decode(bytes),
    ...(publicKey !== undefined ? { publicKey: base64.decode(publicKey) } : {}),
    ...(rotationType !== undefined ? { rotationType } : {}),
  };
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
