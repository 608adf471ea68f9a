/** Keyward's own app-level shapes: vault, schedule, cost, settings, clock. */
import { z } from 'zod';
import type { AuditBreak } from './audit.js';

export interface VaultStatus {
  /** A vault file exists at the configured path. */
  exists: boolean;
  unlocked: boolean;
  vaultPath: string;
  vaultId?: string;
  /** An OS keychain that counts as one is present (Linux basic_text does not). */
  keychainAvailable: boolean;
  keychainBackend?: string;
  /** The vault has a keychain unlock slot. */
  hasKeychainSlot: boolean;
  idleLockMinutes: number;
  accountId: string;
  region: string;
  /** Audit breaks detected and not yet acknowledged (only known while unlocked). */
  auditBreaks?: AuditBreak[];
  /** Integrity failures found in the vault file or the audit log; absent when there are none. */
  integrity?: IntegrityProblem[];
  /**
   * The vault file failed its integrity checks and its previous generation (the file before
   * the last write) passes them: `vault:openPreviousGeneration` can restore it.
   */
  previousGenerationAvailable?: boolean;
}

/** An integrity failure Keyward found in one of its files (no secrets in any field). */
export interface IntegrityProblem {
  /** The vault file, or the audit log. */
  subject: 'vault' | 'audit';
  /** What was found. */
  message: string;
  /** What the user can do about it. */
  advice: string;
  /** Audit log: the first record that failed the check. */
  firstBadSeq?: number;
}

export const PASSPHRASE_MIN = 8;
/** The endpoint's port range in Settings: unprivileged ports only. */
export const API_PORT_MIN = 1024;
/** AWS access key id shape: AKIA + 16 base32 characters. */
export const ACCESS_KEY_ID_PATTERN = /^AKIA[A-Z2-7]{16}$/;
const Passphrase = z
  .string()
  .min(PASSPHRASE_MIN, `Member must have length greater than or equal to ${PASSPHRASE_MIN}`)
  .max(1024, 'Member must have length less than or equal to 1024');

export const AppSchemas = {
  'vault:status': z.object({}),
  'vault:create': z.object({ Passphrase, UseKeychain: z.boolean().optional() }),
  'vault:unlock': z.object({ Passphrase }),
  'vault:unlockWithKeychain': z.object({}),
  'vault:lock': z.object({}),
  'vault:changePassphrase': z.object({ CurrentPassphrase: Passphrase, NewPassphrase: Passphrase }),
  'vault:setKeychainSlot': z.object({ Enabled: z.boolean() }),
  // Replace a damaged vault file by its previous generation (the passphrase must open it).
  'vault:openPreviousGeneration': z.object({ Passphrase }),
  'settings:update': z.object({
    IdleLockMinutes: z.number().int().min(1).max(1440).optional(),
    AccountId: z.string().regex(/^\d{12}$/, 'Member must be 12 digits').optional(),
    Region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'Member must be a region such as us-east-1').optional(),
  }),
  'schedule:upcoming': z.object({ Days: z.number().int().min(1).max(3650).optional() }),
  // A calendar month, YYYY-MM with MM 01..12 (ISO 8601 calendar month).
  'cost:estimate': z.object({ Month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Member must be a month such as 2026-03').optional() }),
  'clock:get': z.object({}),
  'clock:advance': z.object({ Days: z.number().min(0).max(3650) }),
  // The local KMS endpoint and its access keys.
  'api:status': z.object({}),
  'api:configure': z.object({
    Enabled: z.boolean(),
    Port: z.number().int().min(API_PORT_MIN, `Member must have value greater than or equal to ${API_PORT_MIN}`).max(65535, 'Member must have value less than or equal to 65535').optional(),
  }),
  'accessKeys:create': z.object({ Description: z.string().max(256, 'Member must have length less than or equal to 256').optional() }),
  'accessKeys:list': z.object({}),
  'accessKeys:revoke': z.object({ AccessKeyId: z.string().regex(ACCESS_KEY_ID_PATTERN, 'Member must be an access key id such as AKIAIOSFODNN7EXAMPLE') }),
  'crypto:selfTest': z.object({}),
} as const;

/**
 * Why due rotations and deletions wait: their audit records could not be written, so none
 * was applied (a change is made only with its record); the scheduler retries with backoff.
 */
export interface SchedulerWaiting {
  Since: Date;
  /** The refusal, e.g. `AuditWriteException: The audit record could not be written (ENOSPC)...`. */
  Reason: string;
  Attempts: number;
  RetryAt: Date;
}

export interface ScheduledEvent {
  kind: 'rotation' | 'deletion';
  KeyId: string;
  Arn: string;
  Aliases: string[];
  Date: Date;
}

export interface KeyCost {
  KeyId: string;
  Aliases: string[];
  /** Hours billed this month (not pending deletion), prorated. */
  BilledHours: number;
  StorageUsd: number;
  RotationUsd: number;
  Requests: number;
  TotalUsd: number;
}

export interface CostEstimate {
  Month: string; // YYYY-MM
  AsOf: Date;
  Keys: KeyCost[];
  StorageUsd: number;
  RotationUsd: number;
  Requests: number;
  FreeRequests: number;
  BilledRequests: number;
  RequestsUsd: number;
  TotalUsd: number;
  Profile: { name: string; source: string; date: string };
}

export interface ClockState {
  Now: Date;
  Virtual: boolean;
}

/** One known-answer self-test (crypto:selfTest). */
export interface SelfTestEntry {
  Name: string;
  Ok: boolean;
  Error?: string;
}

/** The startup self-tests: when every test last passed, and each result. */
export interface SelfTestStatus {
  Ok: boolean;
  /** When the reported run happened (the last passing run when Ok). */
  At: Date;
  Results: SelfTestEntry[];
}

/** The local KMS endpoint, as Settings shows it. */
export interface ApiStatus {
  /** Switched on (in the vault's settings, or for this run by a host flag). */
  Enabled: boolean;
  /** A server is bound and answering. */
  Listening: boolean;
  /** http://127.0.0.1:PORT while listening. */
  Url?: string;
  Port: number;
  /** Requests answered since the endpoint started (any outcome). */
  RequestCount: number;
  /** The SigV4 region requests must be signed for (the vault's region). */
  Region: string;
  /** Why the endpoint is not listening, e.g. the port is in use. */
  Error?: string;
  /** 'settings' (the vault's Settings) or 'flag' (a headless host flag, this run only). */
  Source: 'settings' | 'flag';
}

/** An access key as listed: never its secret. */
export interface AccessKeyInfo {
  AccessKeyId: string;
  Description: string;
  CreatedAt: Date;
}

/** The answer to accessKeys:create, the only time the secret is ever shown. */
export interface CreatedAccessKey extends AccessKeyInfo {
  SecretAccessKey: string;
}
