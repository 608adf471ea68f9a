/**
 * The engine's in-memory model and its serialised form (the vault body). Material bytes
 * live only in Uint8Arrays so locking can zero them (see wipeState).
 */
import type { KeySpec, KeyState, KeyUsage, OriginType, RotationType } from '../../src-shared/kms/enums.js';
import type { Tag } from '../../src-shared/kms/schemas.js';
import { base64ToBytes, bytesToBase64, utf8 } from '../../src-shared/wire.js';

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
}

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
  /** The local KMS endpoint (issue 4) starts on unlock when on. */
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

export const DEFAULT_SETTINGS: VaultSettings = {
  // Documented defaults (README): a recognisable non-AWS account id and the default region.
  accountId: '111122223333',
  region: 'us-east-1',
  idleLockMinutes: 15,
  apiEnabled: false,
  // LocalStack's old per-service port for KMS: familiar to AWS developers, rarely taken.
  apiPort: 4599,
};

export interface VaultState {
  formatVersion: 1;
  vaultId: string;
  settings: VaultSettings;
  keys: Map<string, KeyRecord>;
  aliases: Map<string, AliasRecord>;
  deletedKeys: DeletedKeyRecord[];
  /** Access keys of the local KMS endpoint, by id. */
  accessKeys: Map<string, AccessKeyRecord>;
  /** The audit chain head at the last commit: lets audit:verify detect a truncated or rewritten log. */
  auditAnchor?: { seq: number; hash: string };
}

export function emptyState(vaultId: string, settings: VaultSettings = DEFAULT_SETTINGS): VaultState {
  return { formatVersion: 1, vaultId, settings: { ...settings }, keys: new Map(), aliases: new Map(), deletedKeys: [], accessKeys: new Map() };
}

interface SerialisedMaterial extends Omit<MaterialVersion, 'bytes' | 'publicKey'> {
  bytes: string;
  publicKey?: string;
}
interface SerialisedKey extends Omit<KeyRecord, 'materials'> {
  materials: SerialisedMaterial[];
}
interface SerialisedState {
  formatVersion: 1;
  vaultId: string;
  settings: VaultSettings;
  keys: SerialisedKey[];
  aliases: AliasRecord[];
  deletedKeys: DeletedKeyRecord[];
  /** Absent in vaults written before issue 4. */
  accessKeys?: SerialisedAccessKey[];
  auditAnchor?: { seq: number; hash: string };
}
interface SerialisedAccessKey extends Omit<AccessKeyRecord, 'secret'> {
  secret: string;
}

/**
 * Serialise for the vault body. The JSON text transiently holds base64 material; it is
 * a JS string and cannot be zeroed, but it is dropped as soon as the vault has sealed it.
 */
export function serialiseState(state: VaultState): Uint8Array {
  const out: SerialisedState = {
    formatVersion: 1,
    vaultId: state.vaultId,
    settings: state.settings,
    keys: [...state.keys.values()].map((k) => ({
      ...k,
      materials: k.materials.map(({ publicKey, ...m }) => ({
        ...m,
        bytes: bytesToBase64(m.bytes),
        ...(publicKey ? { publicKey: bytesToBase64(publicKey) } : {}),
      })),
    })),
    aliases: [...state.aliases.values()],
    deletedKeys: state.deletedKeys,
    accessKeys: [...state.accessKeys.values()].map((a) => ({ ...a, secret: utf8.decode(a.secret) })),
    ...(state.auditAnchor ? { auditAnchor: state.auditAnchor } : {}),
  };
  return utf8.encode(JSON.stringify(out));
}

export function deserialiseState(body: Uint8Array): VaultState {
  const raw = JSON.parse(utf8.decode(body)) as SerialisedState; // written by serialiseState inside an authenticated vault
  if (raw.formatVersion !== 1) throw new Error(`Unsupported vault state version ${String(raw.formatVersion)}`);
  return {
    formatVersion: 1,
    vaultId: raw.vaultId,
    settings: { ...DEFAULT_SETTINGS, ...raw.settings },
    keys: new Map(raw.keys.map((k) => [k.keyId, { ...k, materials: k.materials.map(deserialiseMaterial) }])),
    aliases: new Map(raw.aliases.map((a) => [a.aliasName, a])),
    deletedKeys: raw.deletedKeys ?? [],
    accessKeys: new Map((raw.accessKeys ?? []).map((a) => [a.accessKeyId, { ...a, secret: utf8.encode(a.secret) }])),
    ...(raw.auditAnchor ? { auditAnchor: raw.auditAnchor } : {}),
  };
}

function deserialiseMaterial(m: SerialisedMaterial): MaterialVersion {
  const { publicKey, bytes, ...rest } = m;
  return { ...rest, bytes: base64ToBytes(bytes), ...(publicKey !== undefined ? { publicKey: base64ToBytes(publicKey) } : {}) };
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
}

export function currentMaterial(key: KeyRecord): MaterialVersion | undefined {
  return key.materials[key.materials.length - 1];
}
