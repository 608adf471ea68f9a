/**
 * Builds a CloudTrail-shaped audit event from one call (CloudTrail record contents: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html; docs/architecture.md "Audit log").
 *
 * Secrecy: request and response fields pass through an ALLOWLIST of names known to hold no
 * secret, each with the one shape it may have. Everything else is dropped: plaintext,
 * ciphertext, data keys, passphrases, grant tokens (bearer secrets), policies, unknown
 * fields, and any binary value (Uint8Array, any ArrayBuffer view) whatever its name. A new
 * field is therefore never logged until someone decides it is safe and adds it here.
 *
 * Names follow CloudTrail's KMS events: requestParameters/responseElements use lowerCamel
 * keys (`KeyId` -> `keyId`); scheduled rotation/deletion are `AwsServiceEvent`s invoked by
 * kms.amazonaws.com (https://docs.aws.amazon.com/kms/latest/developerguide/ct-rotatekey.html).
 */
import type { AuditRecord, AuditUserIdentity } from '../../src-shared/audit.js';
import { aString } from '../../src-shared/guards.js';
import { randomUuid } from '../crypto/random.js';
import { AUDIT_LIMITS as L, boundString, boundStructure } from './bounds.js';
import type { CallerContext } from '../platform/caller.js';

export interface AuditEventInput {
  /** 'kms:Encrypt', 'vault:unlock', 'scheduler:RotateKey', ... */
  channel: string;
  request: unknown;
  response?: unknown;
  error?: { name: string; message: string };
  caller: CallerContext | 'scheduler';
  accountId: string;
  region: string;
  now: Date;
  /** ARNs of the keys the call touched; they become `resources`. */
  keyArns?: string[];
  readOnly: boolean;
  requestId: string;
}

type Shape = 'scalar' | 'stringMap' | 'stringList' | 'tags' | 'keyMetadata';

/** lowerCamel name -> the only shape it may take. Keep sorted; add only fields that hold no secret. */
const ALLOWED: ReadonlyMap<string, Shape> = new Map<string, Shape>([
  // KMS request and response fields (https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html).
  ['accountId', 'scalar'],
  ['aliasName', 'scalar'],
  ['bypassPolicyLockoutSafetyCheck', 'scalar'],
  ['customerMasterKeySpec', 'scalar'],
  ['deletionDate', 'scalar'],
  ['description', 'scalar'],
  ['destinationEncryptionAlgorithm', 'scalar'],
  ['destinationEncryptionContext', 'stringMap'],
  ['destinationKeyId', 'scalar'],
  ['destinationKeyMaterialId', 'scalar'],
  ['dryRun', 'scalar'],
  ['encapsulationAlgorithm', 'scalar'],
  ['encryptionAlgorithm', 'scalar'],
  ['encryptionContext', 'stringMap'],
  ['includeKeyMaterial', 'scalar'],
  ['keyAgreementAlgorithm', 'scalar'],
  ['keyId', 'scalar'],
  ['keyMaterialId', 'scalar'],
  ['keyMetadata', 'keyMetadata'],
  ['keyPairSpec', 'scalar'],
  ['keyRotationEnabled', 'scalar'],
  ['keySpec', 'scalar'],
  ['keyState', 'scalar'],
  ['keyUsage', 'scalar'],
  ['limit', 'scalar'],
  ['macAlgorithm', 'scalar'],
  ['macValid', 'scalar'],
  ['marker', 'scalar'],
  ['messageType', 'scalar'],
  ['multiRegion', 'scalar'],
  ['nextRotationDate', 'scalar'],
  ['numberOfBytes', 'scalar'],
  ['onDemandRotationStartDate', 'scalar'],
  ['origin', 'scalar'],
  ['pendingDeletionWindowInDays', 'scalar'],
  ['pendingWindowInDays', 'scalar'],
  ['rotationPeriodInDays', 'scalar'],
  ['rotationType', 'scalar'],
  ['signatureValid', 'scalar'],
  ['signingAlgorithm', 'scalar'],
  ['sourceEncryptionAlgorithm', 'scalar'],
  ['sourceEncryptionContext', 'stringMap'],
  ['sourceKeyId', 'scalar'],
  ['sourceKeyMaterialId', 'scalar'],
  ['tagKeys', 'stringList'],
  ['tags', 'tags'],
  ['targetKeyId', 'scalar'],
  // App channels (src-shared/app.ts). Passphrases and access-key secrets are deliberately absent.
  ['accessKeyId', 'scalar'],
  ['days', 'scalar'],
  ['enabled', 'scalar'],
  ['id', 'scalar'], // audit:acknowledgeBreak: the break's random id (not secret)
  ['idleLockMinutes', 'scalar'],
  ['month', 'scalar'],
  ['port', 'scalar'],
  ['region', 'scalar'],
  ['useKeychain', 'scalar'],
  // audit:query (src-shared/audit.ts). `text` is left out: users paste anything into a search box.
  ['cursor', 'scalar'],
  ['eventName', 'scalar'],
  ['from', 'scalar'],
  ['outcome', 'scalar'],
  ['to', 'scalar'],
]);

/** CloudTrail keeps only identifying fields of KeyMetadata; so do we. */
const KEY_METADATA_FIELDS = new Set(['keyId', 'arn', 'keyState', 'keySpec', 'keyUsage', 'creationDate']);

/** Principal names per transport (CallerContext.transport). */
const PRINCIPALS: Record<CallerContext['transport'], string> = {
  ipc: 'keyward-desktop',
  host: 'keyward-browser',
  api: 'keyward-api',
};

const KMS_SOURCE = 'kms.amazonaws.com';


/** Build the record for one call; the store adds the chain. */
export function buildAuditEvent(input: AuditEventInput): Omit<AuditRecord, 'chain'> {
  for (const [v, label] of [[input.channel, 'channel'], [input.accountId, 'accountId'], [input.region, 'region'], [input.requestId, 'requestId']] as const) {
    aString(v, label, { nonEmpty: true });
  }
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new TypeError('"now" expected a valid Date');
  }
  const { channel, caller, accountId, error } = input;
  const colon = channel.indexOf(':');
  const prefix = colon < 0 ? '' : channel.slice(0, colon);
  const operation = colon < 0 ? channel : channel.slice(colon + 1);
  // KMS operations and the scheduler's KMS events keep CloudTrail's names; app channels
  // have no CloudTrail counterpart and keep their channel name, which is unambiguous.
  const isKms = prefix === 'kms' || prefix === 'scheduler';
  const isService = caller === 'scheduler';
  // The console's own reads (console:*) are console actions, not API calls: CloudTrail's
  // eventType AwsConsoleAction and sessionCredentialFromConsole "true" (record contents page above).
  const isConsole = prefix === 'console' && !isService;

  const event: Omit<AuditRecord, 'chain'> = {
    eventVersion: '1.08',
    userIdentity: isService ? serviceIdentity(accountId) : userIdentity(caller, accountId),
    eventTime: input.now.toISOString(),
    eventSource: isKms ? KMS_SOURCE : 'keyward.local',
    eventName: isKms ? operation : channel,
    awsRegion: input.region,
    // Every caller-supplied field is bounded (bounds.ts): a record stays small whatever is sent.
    sourceIPAddress: isService ? KMS_SOURCE : boundString(String(caller.sourceIPAddress), L.sourceIPAddressBytes),
    userAgent: isService ? KMS_SOURCE : boundString(String(caller.userAgent), L.userAgentBytes),
    requestParameters: boundStructure(sanitizeTop(input.request), L.requestParametersBytes),
    // CloudTrail: a failed call has no response elements.
    responseElements: error ? null : boundStructure(sanitizeTop(input.response), L.responseElementsBytes),
    requestID: boundString(input.requestId, L.identifierBytes),
    eventID: randomUuid(),
    readOnly: input.readOnly,
    eventType: isService ? 'AwsServiceEvent' : isConsole ? 'AwsConsoleAction' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  if (isConsole) event.sessionCredentialFromConsole = 'true';
  if (error) {
    event.errorCode = typeof error.name === 'string' && error.name ? boundString(error.name, L.identifierBytes) : 'UnknownError';
    event.errorMessage = typeof error.message === 'string' ? boundString(error.message, L.errorMessageBytes) : '';
  }
  const resources = buildResources(input.keyArns, accountId);
  if (resources.length > 0) event.resources = resources;
  return event;
}

function userIdentity(caller: CallerContext, accountId: string): AuditUserIdentity {
  const principal = PRINCIPALS[caller.transport] ?? 'keyward-desktop';
  const id: AuditUserIdentity = {
    type: 'IAMUser',
    principalId: principal,
    arn: `arn:aws:iam::${accountId}:user/${principal}`,
    accountId,
  };
  // An access key id is an identifier (CloudTrail logs it), not the secret key.
  if (typeof caller.accessKeyId === 'string' && caller.accessKeyId) id.accessKeyId = boundString(caller.accessKeyId, L.identifierBytes);
  return id;
}

function serviceIdentity(accountId: string): AuditUserIdentity {
  // CloudTrail gives AWSService identities no ARN; the shared type requires a string.
  return { type: 'AWSService', principalId: KMS_SOURCE, arn: '', accountId, invokedBy: KMS_SOURCE };
}

function buildResources(keyArns: unknown, accountId: string): NonNullable<AuditRecord['resources']> {
  if (!Array.isArray(keyArns)) return [];
  const seen = new Set<string>();
  const out: NonNullable<AuditRecord['resources']> = [];
  for (const arn of keyArns) {
    if (typeof arn !== 'string' || !arn || seen.has(arn)) continue;
    if (boundString(arn, L.identifierBytes) !== arn) continue; // an ARN is never cut: a cut one would name another key
    if (out.length >= L.resources) break;
    seen.add(arn);
    // arn:aws:kms:<region>:<account>:key/<id>
    const account = arn.split(':')[4];
    out.push({ accountId: account && /^\d{12}$/.test(account) ? account : accountId, type: 'AWS::KMS::Key', ARN: arn });
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function sanitizeTop(v: unknown): Record<string, unknown> | null {
  if (!isPlainObject(v)) return null;
  const out = sanitizeObject(v);
  return Object.keys(out).length > 0 ? out : null;
}

function sanitizeObject(v: Record<string, unknown>): Record<string, unknown> {
  // Plain assignment is safe here: every name written is on the allowlist (never __proto__).
  const out: Record<string, unknown> = {};
  for (const rawName of Object.keys(v)) {
    const name = lowerCamel(rawName);
    const shape = ALLOWED.get(name);
    if (!shape) continue;
    const clean = sanitizeValue(shape, v[rawName]);
    if (clean !== undefined) out[name] = clean;
  }
  return out;
}

function sanitizeValue(shape: Shape, v: unknown): unknown {
  switch (shape) {
    case 'scalar':
      return scalar(v);
    case 'stringMap': {
      // Encryption context is not secret in KMS (it is AAD and CloudTrail logs it).
      if (!isPlainObject(v)) return undefined;
      const entries = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
      // fromEntries defines own properties, so a '__proto__' key stays data.
      return Object.fromEntries(entries);
    }
    case 'stringList':
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
    case 'tags': {
      if (!Array.isArray(v)) return undefined;
      const tags: { tagKey: string; tagValue: string }[] = [];
      for (const t of v) {
        if (!isPlainObject(t)) continue;
        const tagKey = t['TagKey'] ?? t['tagKey'];
        const tagValue = t['TagValue'] ?? t['tagValue'];
        if (typeof tagKey === 'string' && typeof tagValue === 'string') tags.push({ tagKey, tagValue });
      }
      return tags;
    }
    case 'keyMetadata': {
      if (!isPlainObject(v)) return undefined;
      const entries: [string, unknown][] = [];
      for (const [rawName, value] of Object.entries(v)) {
        const name = lowerCamel(rawName);
        if (!KEY_METADATA_FIELDS.has(name)) continue;
        const clean = scalar(value);
        if (clean !== undefined) entries.push([name, clean]);
      }
      return Object.fromEntries(entries);
    }
  }
}

/** Strings, finite numbers, booleans and valid Dates (as ISO strings); nothing else. */
function scalar(v: unknown): string | number | boolean | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return undefined;
}

export const __TESTS = { ALLOWED };
