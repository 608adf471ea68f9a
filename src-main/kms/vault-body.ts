/**
 * The vault body: the engine's state as JSON (UTF-8), sealed by the vault (vault/format.ts).
 * It has its own format version, independent of the vault file's, and a schema that every
 * body must pass on unlock.
 *
 * Versions:
 * - 1: the body as written before it had a schema; access-key secrets are stored as their
 *   40 characters of text.
 * - 2: access-key secrets are standard base64 (RFC 4648 section 4), like every other byte
 *   field of the body.
 * - 3 (current): a key's `policy` is left out when it is the default key policy of the
 *   body's account (settings.accountId); it was 31% of a vault of default-policy keys.
 *
 * Rules: a new field that older readers may safely ignore gets a default in BodySchema
 * (a body written before it existed reads as the default: `settings.apiEnabled`,
 * `settings.apiPort`, `accessKeys` and `deletedKeys` came this way). Any other change (a
 * field renamed, removed or re-encoded) bumps BODY_FORMAT_VERSION and adds one step to
 * MIGRATIONS, from the previous version to the new one. Unlock runs every step from the
 * body's version up to the current one, then checks the result against BodySchema; the next
 * commit writes the current version. A body from a newer Keyward is refused, never guessed at.
 */
import { z } from 'zod';
import { KEY_SPECS, KEY_STATES, KEY_USAGES, ORIGINS, ROTATION_TYPES } from '../../src-shared/kms/enums.js';

/** KeyMetadata.KeyManager values (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html). */
export const KEY_MANAGERS = ['AWS', 'CUSTOMER'] as const;
import { VaultCorruptedException } from '../../src-shared/kms/errors.js';
import { base64 } from '@scure/base';
import { isFullyFormedBody } from './body-check.js';

/** The body format this Keyward writes. */
export const BODY_FORMAT_VERSION = 3;

/** Settings as stored; a body without a field gets its default (README, "Settings"). */
export const DEFAULT_SETTINGS = {
  // Documented defaults (README): a recognisable non-AWS account id and the default region.
  accountId: '111122223333',
  region: 'us-east-1',
  idleLockMinutes: 15,
  apiEnabled: false,
  // LocalStack's old per-service port for KMS: familiar to AWS developers, rarely taken.
  apiPort: 4599,
};

const num = z.number().finite();
const b64 = z.string().refine((s) => {
  try {
    base64.decode(s);
    return true;
  } catch {
    return false;
  }
}, 'expected base64');

const SettingsSchema = z.object({
  accountId: z.string().default(DEFAULT_SETTINGS.accountId),
  region: z.string().default(DEFAULT_SETTINGS.region),
  idleLockMinutes: num.default(DEFAULT_SETTINGS.idleLockMinutes),
  apiEnabled: z.boolean().default(DEFAULT_SETTINGS.apiEnabled),
  apiPort: num.default(DEFAULT_SETTINGS.apiPort),
});

const MaterialSchema = z.object({
  id: z.string(),
  bytes: b64,
  publicKey: b64.optional(),
  createdAt: num,
  rotationType: z.enum(ROTATION_TYPES).optional(),
});

const KeySchema = z.object({
  keyId: z.string(),
  creationDate: num,
  description: z.string(),
  keyUsage: z.enum(KEY_USAGES),
  keySpec: z.enum(KEY_SPECS),
  origin: z.enum(ORIGINS),
  state: z.enum(KEY_STATES),
  // Absent (version 3): the default key policy of settings.accountId (default-policy.ts).
  policy: z.string().optional(),
  deletionDate: num.optional(),
  pendingWindowInDays: num.optional(),
  pendingDeletionSince: num.optional(),
  rotation: z.object({ enabled: z.boolean(), periodDays: num, nextRotation: num.optional(), onDemandCount: num }),
  materials: z.array(MaterialSchema),
  tags: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })),
  // Added in version 2 as a field with a default (see the rules above): absent means
  // CUSTOMER, so every key of a body written before AWS managed keys existed is a customer
  // managed key, and customer keys are written as before. Only 'AWS' is ever written.
  keyManager: z.enum(KEY_MANAGERS).optional(),
});

const AliasSchema = z.object({ aliasName: z.string(), targetKeyId: z.string(), creationDate: num, lastUpdatedDate: num });

const DeletedKeySchema = z.object({
  keyId: z.string(),
  creationDate: num,
  pendingDeletionSince: num,
  deletedAt: num,
  rotationDates: z.array(num),
});

const AccessKeySchema = z.object({ accessKeyId: z.string(), secret: b64, description: z.string(), createdAt: num });

/** The current body (version 3). */
export const BodySchema = z.object({
  formatVersion: z.literal(BODY_FORMAT_VERSION),
  vaultId: z.string(),
  settings: SettingsSchema,
  keys: z.array(KeySchema),
  aliases: z.array(AliasSchema),
  deletedKeys: z.array(DeletedKeySchema).default([]),
  accessKeys: z.array(AccessKeySchema).default([]),
  // The audit witness; `digest` and `position` were added as optional fields (see the rules
  // above), so an anchor written before them reads as a bare head.
  auditAnchor: z.object({ seq: num, hash: z.string(), digest: num.optional(), position: num.optional() }).optional(),
  // Optional fields (the rules above): the audit chain's HMAC key, and audit breaks kept
  // until acknowledged. A body without them reads as "no key yet" and "no breaks".
  auditKey: b64.optional(),
  auditBreaks: z.array(z.object({
    id: z.string(), key: z.string(), seq: num, reason: z.string(), detectedAt: z.string(), acknowledgedAt: z.string().optional(),
  })).optional(),
});

/** A decoded current body: byte fields still base64 strings (model.ts turns them into bytes). */
export type Body = z.output<typeof BodySchema>;

/** A body on its way through the migration steps: a JSON object of some version. */
type Doc = Record<string, unknown>;

const te = new TextEncoder();
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Version 1 to 2: access-key secrets from text to base64 of their UTF-8 bytes. */
function v1ToV2(doc: Doc): Doc {
  const accessKeys = doc['accessKeys'];
  if (!Array.isArray(accessKeys)) return { ...doc, formatVersion: 2 };
  return {
    ...doc,
    formatVersion: 2,
    accessKeys: accessKeys.map((a: unknown) =>
      isDoc(a) && typeof a['secret'] === 'string' ? { ...a, secret: base64.encode(te.encode(a['secret'])) } : a,
    ),
  };
}

/** Version 2 to 3: every key keeps its policy written out, which version 3 still reads. */
function v2ToV3(doc: Doc): Doc {
  return { ...doc, formatVersion: 3 };
}

/** Step from version `n` to `n + 1`, for every n below BODY_FORMAT_VERSION. */
export const MIGRATIONS: Readonly<Record<number, (doc: Doc) => Doc>> = { 1: v1ToV2, 2: v2ToV3 };

function damaged(reason: string): VaultCorruptedException {
  return new VaultCorruptedException(
    `The vault's contents do not match their format (${reason}). Open the previous generation, or restore the vault from a backup.`,
  );
}

/**
 * Decode a body of any known version: parse the JSON, run the migration steps up to
 * BODY_FORMAT_VERSION, check the result against BodySchema.
 * @throws VaultCorruptedException for a body that is not JSON, is of an unknown or newer
 *   version, or does not match the schema.
 */
export function decodeBody(bytes: Uint8Array): Body {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw damaged('not JSON');
  }
  if (!isDoc(json)) throw damaged('not a JSON object');
  let doc: Doc = json;
  let version = doc['formatVersion'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw damaged('no format version');
  if (version > BODY_FORMAT_VERSION) {
    throw new VaultCorruptedException(
      `The vault was written by a newer Keyward (body format ${version}; this one reads up to ${BODY_FORMAT_VERSION}). Update Keyward to open it.`,
    );
  }
  while (version < BODY_FORMAT_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw damaged(`no migration from format ${version}`);
    doc = step(doc);
    version += 1;
  }
  // Our own fully formed body skips the schema (body-check.ts: several times faster at unlock).
  if (isFullyFormedBody(doc, BODY_FORMAT_VERSION)) return doc as Body; // every field checked by isFullyFormedBody
  const parsed = BodySchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(`field ${issue ? issue.path.join('.') || '(root)' : '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Encode a current body as UTF-8 JSON. The caller zeroes the result once sealed. */
export function encodeBody(body: Body): Uint8Array {
  return te.encode(JSON.stringify(body));
}
