/**
 * The console's own reads: one call per view of the Keys list that filters, sorts and pages
 * on the main side (`console:listKeys`), instead of ListKeys, ListAliases and three calls per
 * key. A console read is not a KMS API call: its audit record is marked as a console action
 * (CloudTrail's `eventType` "AwsConsoleAction" and `sessionCredentialFromConsole`,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * and it is not a billable KMS request in the cost estimate.
 */
import { z } from 'zod';
import { KEY_SPECS, KEY_STATES, KEY_USAGES, type KeySpec, type KeyState, type KeyUsage, type OriginType } from './kms/enums.js';
import type { Tag } from './kms/schemas.js';

/** The channel prefix of the console's own reads; their records are console actions. */
export const CONSOLE_CHANNEL_PREFIX = 'console:';

/** Columns the Keys list sorts by. `alias` is the first alias (sorted); keys without one sort last. */
export const KEY_LIST_SORT_FIELDS = [
  'alias', 'keyId', 'description', 'keyState', 'keySpec', 'keyUsage', 'creationDate', 'rotation', 'keyManager',
] as const;
export type KeyListSortField = (typeof KEY_LIST_SORT_FIELDS)[number];

/**
 * A key's rotation as the list shows it: ENABLED, DISABLED, or NOT_SUPPORTED (automatic
 * rotation applies only to symmetric encryption keys with AWS_KMS material,
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
 */
export const ROTATION_FILTERS = ['ENABLED', 'DISABLED', 'NOT_SUPPORTED'] as const;
export type RotationFilter = (typeof ROTATION_FILTERS)[number];

/** KeyMetadata.KeyManager (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html). */
export const KEY_MANAGERS_LISTED = ['CUSTOMER', 'AWS'] as const;
export type KeyManagerListed = (typeof KEY_MANAGERS_LISTED)[number];

/** Rows one call answers at most; the table asks for pages as it scrolls. */
export const KEY_LIST_MAX_LIMIT = 1000;
/** Rows per call when Limit is not given. */
export const KEY_LIST_DEFAULT_LIMIT = 100;

const facet = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).max(values.length).optional();

/**
 * console:listKeys request. Every member is optional: no filter lists every key of the
 * manager (default CUSTOMER), newest first, rows 0..99.
 * - Search: case-insensitive substring of an alias, the key id or ARN, the description, a tag
 *   key, value or `key=value`.
 * - KeyStates, KeySpecs, KeyUsages, Rotation: a key matches when its value is one of those
 *   listed (an absent or empty list does not filter).
 * - SortBy/SortOrder: any shown column, ties broken by key id.
 * - Offset/Limit: the rows [Offset, Offset + Limit) of the sorted matches.
 */
export const ConsoleListKeysSchema = z.object({
  Search: z.string().max(256, 'Member must have length less than or equal to 256').optional(),
  KeyStates: facet(KEY_STATES),
  KeySpecs: facet(KEY_SPECS),
  KeyUsages: facet(KEY_USAGES),
  Rotation: facet(ROTATION_FILTERS),
  KeyManager: z.enum(KEY_MANAGERS_LISTED).optional(),
  SortBy: z.enum(KEY_LIST_SORT_FIELDS).optional(),
  SortOrder: z.enum(['asc', 'desc']).optional(),
  Offset: z.number().int().min(0).max(1_000_000).optional(),
  Limit: z.number().int().min(1).max(KEY_LIST_MAX_LIMIT, `Member must have value less than or equal to ${KEY_LIST_MAX_LIMIT}`).optional(),
});
export type ConsoleListKeysRequest = z.output<typeof ConsoleListKeysSchema>;

/** One row of the Keys list: metadata only, never key material or policy text. */
export interface ConsoleKeyRow {
  KeyId: string;
  Arn: string;
  /** Alias names that point at the key, sorted. */
  Aliases: string[];
  Description: string;
  KeyState: KeyState;
  KeySpec: KeySpec;
  KeyUsage: KeyUsage;
  Origin: OriginType;
  KeyManager: KeyManagerListed;
  CreationDate: Date;
  /** Only while PendingDeletion. */
  DeletionDate?: Date;
  /** As GetKeyRotationStatus reports it (false while pending deletion), or NOT_SUPPORTED. */
  Rotation: RotationFilter;
  /** With Rotation ENABLED: the period (days) and the next automatic rotation. */
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
  Tags: Tag[];
}

/** console:listKeys answer: one page of rows and the counts the list shows. */
export interface ConsoleKeyPage {
  Rows: ConsoleKeyRow[];
  /** The Offset the rows start at. */
  Offset: number;
  /** Keys that match the filters (all pages). */
  Matched: number;
  /** Keys of each manager, unfiltered (the tabs' counts). */
  Totals: Record<KeyManagerListed, number>;
}
