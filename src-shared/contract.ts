/**
 * The one IPC contract: every channel's name, request schema and response type. Both
 * transports (Electron IPC, the headless host's HTTP bridge) carry exactly this. How the
 * router treats each channel (audited, user activity, changes the vault, read-only) is
 * declared beside it, in channel-policy.ts, keyed by the same channel set.
 */
import { z } from 'zod';
import { AppSchemas, type ClockState, type CostEstimate, type ScheduledEvent, type SchedulerWaiting, type SelfTestStatus, type VaultStatus } from './app.js';
import type { AccessKeyInfo, ApiStatus, CreatedAccessKey } from './app.js';
import { AcknowledgeBreakSchema, AuditQuerySchema, type AuditBreak, type AuditPage, type AuditVerifyProgress, type AuditVerifyResult } from './audit.js';
import { ConsoleListKeysSchema, type ConsoleKeyPage } from './console.js';
import type { WireError } from './kms/errors.js';
import { KmsSchemas, type KmsOperation } from './kms/schemas.js';
import type { KmsResponses } from './kms/types.js';

type KmsChannelSchemas = { [O in KmsOperation as `kms:${O}`]: (typeof KmsSchemas)[O] };

const kmsChannelSchemas = Object.fromEntries(
  Object.entries(KmsSchemas).map(([op, schema]) => [`kms:${op}`, schema]),
) as KmsChannelSchemas; // built from KmsSchemas key by key, so the mapped type holds

/** Every channel's request schema: `kms:<Operation>` (the KMS API's request shapes) and Keyward's app channels. */
export const ChannelSchemas = {
  ...kmsChannelSchemas,
  ...AppSchemas,
  'audit:query': AuditQuerySchema,
  'audit:verify': z.object({}),
  'audit:verifyProgress': z.object({}),
  'console:listKeys': ConsoleListKeysSchema,
  'audit:acknowledgeBreak': AcknowledgeBreakSchema,
} as const;

/** A channel name, e.g. 'kms:Encrypt' or 'vault:unlock'. */
export type Channel = keyof typeof ChannelSchemas;
/** Every channel, at run time. */
export const CHANNELS = Object.keys(ChannelSchemas) as Channel[]; // keys of a literal object

/** True for a known channel name (own keys only: '__proto__' is not one). */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ChannelSchemas, name);
}

type KmsChannelResponses = { [O in KmsOperation as `kms:${O}`]: KmsResponses[O] };

/** Every channel's response type (KMS operations: the KMS API's response shapes). */
export interface ChannelResponses extends KmsChannelResponses {
  'vault:status': VaultStatus;
  'vault:create': VaultStatus;
  'vault:unlock': VaultStatus;
  'vault:unlockWithKeychain': VaultStatus;
  'vault:lock': VaultStatus;
  'vault:changePassphrase': VaultStatus;
  'vault:setKeychainSlot': VaultStatus;
  'vault:openPreviousGeneration': VaultStatus;
  'settings:update': VaultStatus;
  /** Waiting: present while due actions wait for a writable audit log. */
  'schedule:upcoming': { Events: ScheduledEvent[]; Waiting?: SchedulerWaiting };
  'cost:estimate': CostEstimate;
  'clock:get': ClockState;
  'clock:advance': ClockState;
  'crypto:selfTest': SelfTestStatus;
  'audit:query': AuditPage;
  'audit:verify': AuditVerifyResult;
  'audit:verifyProgress': AuditVerifyProgress;
  /** The break now acknowledged, and those still open. */
  'audit:acknowledgeBreak': { Acknowledged: AuditBreak; OpenBreaks: AuditBreak[] };
  'api:status': ApiStatus;
  'api:configure': ApiStatus;
  'accessKeys:create': CreatedAccessKey;
  'accessKeys:list': { AccessKeys: AccessKeyInfo[] };
  'accessKeys:revoke': { AccessKeyId: string };
  'console:listKeys': ConsoleKeyPage;
}

/** What the caller sends: the schema's input type (optional fields may be omitted). */
export type RequestOf<C extends Channel> = z.input<(typeof ChannelSchemas)[C]>;
/** What the main process sees after parsing. */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof ChannelSchemas)[C]>;
/** What the channel answers. */
export type ResponseOf<C extends Channel> = ChannelResponses[C];

/** Results cross process edges as values, never as thrown objects. */
export type ChannelResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

/** The one typed API the preload exposes to the page as `keyward` on the global object (the browser shim copies it). */
export interface KeywardApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
}

/** The headless host's bridge: one POST endpoint carrying {channel, request}. */
export const HOST_BRIDGE = {
  path: '/api/invoke',
  /** POST here with the token header once: the answer sets the session cookie the page then uses. */
  sessionPath: '/api/session',
  /** The printed token; the page sends it only to `sessionPath`, scripts and tests may send it on every call. */
  tokenHeader: 'x-keyward-token',
} as const;
