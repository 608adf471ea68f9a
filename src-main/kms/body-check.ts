/**
 * A fast shape check of a current-version vault body, run before the zod schema at unlock.
 * The body was authenticated by the vault (XChaCha20-Poly1305, vault/format.ts), so it is one
 * Keyward wrote; this check only confirms it is fully formed (every field present, of its
 * type, with a known enum value), in a single pass without allocating. A body it does not
 * accept (an older one needing defaults, or a damaged one) goes through BodySchema, which
 * fills defaults and names the first bad field. Every body the check accepts BodySchema
 * accepts too, unchanged (the check is stricter: no field may be missing).
 */
import { KEY_SPECS, KEY_STATES, KEY_USAGES, ORIGINS, ROTATION_TYPES } from '../../src-shared/kms/enums.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const optNum = (v: unknown): boolean => v === undefined || num(v);
const str = (v: unknown): boolean => typeof v === 'string';
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const b64 = (v: unknown): boolean => typeof v === 'string' && v.length % 4 === 0 && B64.test(v);
const specs = new Set<unknown>(KEY_SPECS);
const states = new Set<unknown>(KEY_STATES);
const usages = new Set<unknown>(KEY_USAGES);
const origins = new Set<unknown>(ORIGINS);
const rotationTypes = new Set<unknown>(ROTATION_TYPES);

function material(m: unknown): boolean {
  return isObj(m) && str(m['id']) && b64(m['bytes']) && (m['publicKey'] === undefined || b64(m['publicKey'])) && num(m['createdAt']) &&
    (m['rotationType'] === undefined || rotationTypes.has(m['rotationType']));
}

function key(k: unknown): boolean {
  if (!isObj(k)) return false;
  const r = k['rotation'];
  const materials = k['materials'];
  const tags = k['tags'];
  return str(k['keyId']) && num(k['creationDate']) && str(k['description']) && usages.has(k['keyUsage']) && specs.has(k['keySpec']) &&
    origins.has(k['origin']) && states.has(k['state']) && (k['policy'] === undefined || str(k['policy'])) &&
    optNum(k['deletionDate']) && optNum(k['pendingWindowInDays']) && optNum(k['pendingDeletionSince']) &&
    isObj(r) && typeof r['enabled'] === 'boolean' && num(r['periodDays']) && optNum(r['nextRotation']) && num(r['onDemandCount']) &&
    Array.isArray(materials) && materials.every(material) &&
    Array.isArray(tags) && tags.every((t) => isObj(t) && str(t['TagKey']) && str(t['TagValue'])) &&
    (k['keyManager'] === undefined || k['keyManager'] === 'AWS' || k['keyManager'] === 'CUSTOMER');
}

/**
 * The top-level fields this check knows; a body with another (e.g. `auditBreaks`, rare and
 * small) goes through the schema.
 */
const TOP = new Set(['formatVersion', 'vaultId', 'settings', 'keys', 'aliases', 'deletedKeys', 'accessKeys', 'auditAnchor', 'auditKey']);

/** True when `doc` is a fully formed body of `version` (see the file comment). */
export function isFullyFormedBody(doc: Obj, version: number): boolean {
  if (!Object.keys(doc).every((k) => TOP.has(k))) return false;
  const s = doc['settings'];
  const { keys, aliases, deletedKeys, accessKeys, auditAnchor, auditKey } = doc;
  return doc['formatVersion'] === version && str(doc['vaultId']) &&
    isObj(s) && str(s['accountId']) && str(s['region']) && num(s['idleLockMinutes']) && typeof s['apiEnabled'] === 'boolean' && num(s['apiPort']) &&
    Array.isArray(keys) && keys.every(key) &&
    Array.isArray(aliases) && aliases.every((a) => isObj(a) && str(a['aliasName']) && str(a['targetKeyId']) && num(a['creationDate']) && num(a['lastUpdatedDate'])) &&
    Array.isArray(deletedKeys) && deletedKeys.every((d) => isObj(d) && str(d['keyId']) && num(d['creationDate']) && num(d['pendingDeletionSince']) &&
      num(d['deletedAt']) && Array.isArray(d['rotationDates']) && d['rotationDates'].every(num)) &&
    Array.isArray(accessKeys) && accessKeys.every((a) => isObj(a) && str(a['accessKeyId']) && b64(a['secret']) && str(a['description']) && num(a['createdAt'])) &&
    (auditKey === undefined || b64(auditKey)) &&
    (auditAnchor === undefined || (isObj(auditAnchor) && num(auditAnchor['seq']) && str(auditAnchor['hash']) &&
      (auditAnchor['digest'] === undefined || num(auditAnchor['digest'])) && (auditAnchor['position'] === undefined || num(auditAnchor['position']))));
}
