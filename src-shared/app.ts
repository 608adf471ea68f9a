/** Keyward's own app-level shapes: vault, schedule, cost, settings, clock. */
import { z } from 'zod';

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
}

export const PASSPHRASE_MIN = 8;
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
  'settings:update': z.object({
    IdleLockMinutes: z.number().int().min(1).max(1440).optional(),
    AccountId: z.string().regex(/^\d{12}$/, 'Member must be 12 digits').optional(),
    Region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'Member must be a region such as us-east-1').optional(),
  }),
  'schedule:upcoming': z.object({ Days: z.number().int().min(1).max(3650).optional() }),
  'cost:estimate': z.object({ Month: z.string().regex(/^\d{4}-\d{2}$/).optional() }),
  'clock:get': z.object({}),
  'clock:advance': z.object({ Days: z.number().min(0).max(3650) }),
} as const;

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
