/**
 * CloudTrail-shaped audit records and their query (AWS CloudTrail User Guide, "CloudTrail
 * record contents"; docs/ in the repository describes the chain).
 */
import { z } from 'zod';
import { defineJsonForm, isoDateField } from './wire.js';

export interface AuditUserIdentity {
  type: 'IAMUser' | 'AWSService' | 'Root';
  principalId: string;
  arn: string;
  accountId: string;
  accessKeyId?: string;
  invokedBy?: string;
}

export interface AuditRecord {
  eventVersion: '1.08';
  eventTime: string; // ISO-8601, from the clock port
  eventSource: 'kms.amazonaws.com' | 'keyward.local';
  eventName: string;
  /** AwsConsoleAction: the console's own read of its views (console:*), not an API call. */
  eventType: 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleAction';
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  userIdentity: AuditUserIdentity;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId: string; type: 'AWS::KMS::Key'; ARN: string }[];
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management';
  /** CloudTrail's marker of a call from a console session: present, "true", on console actions only. */
  sessionCredentialFromConsole?: 'true';
  /**
   * Keyward's tamper-evidence: sequence number and chain hash (hex). `alg` "HMAC-SHA256": the
   * hash is keyed with the vault's audit key; absent: SHA-256 (written while locked, or old).
   */
  chain: { seq: number; prevHash: string; hash: string; alg?: 'HMAC-SHA256' };
}

const DATE_MESSAGE = 'Member must be a date';
const structuredDate = () => z.date();
/** The same field on a JSON transport: ISO 8601 text decoded to a Date. */
const jsonDate = () => isoDateField(structuredDate(), DATE_MESSAGE);

/** The audit:query request, with `date` building its date fields (Date, or ISO text on JSON). */
function defineAuditQuery<D extends z.ZodType<Date>>(date: () => D) {
  return z.object({
  from: date().optional(),
  to: date().optional(),
  eventName: z.string().max(128).optional(),
  keyId: z.string().max(2048).optional(),
  outcome: z.enum(['all', 'success', 'error']).optional(),
  text: z.string().max(256).optional(),
  /** CloudTrail's readOnly: true lists reads only, false changes only (hides the UI's own reads). */
  readOnly: z.boolean().optional(),
  /**
   * console: only the console's own reads of its views (eventType AwsConsoleAction, channels
   * console:*); workload: every other record. Absent: both.
   */
  source: z.enum(['console', 'workload']).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  /** Opaque cursor from a previous page (newest first). */
  cursor: z.string().max(64).optional(),
  });
}

export const AuditQuerySchema = defineAuditQuery(structuredDate);
defineJsonForm(AuditQuerySchema, defineAuditQuery(jsonDate));
export type AuditQuery = z.output<typeof AuditQuerySchema>;

export interface AuditPage {
  records: AuditRecord[];
  nextCursor?: string;
  /** Records in the whole log (not only the matches). */
  totalRecords: number;
}

/** How far the running (or last) verify of the chain is: records checked of the total. */
export interface AuditVerifyProgress {
  /** A verify is walking the chain now. */
  running: boolean;
  /** Records checked so far (of the running walk, else of the last one). */
  checked: number;
  /** Records in the log when the walk started. */
  total: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** First record (seq) where the chain breaks, with why. */
  firstBadSeq?: number;
  reason?: string;
  /** A stable name of the problem (record:<seq>, digest:<n>, witness:<seq>, vault:<n>), for acknowledgement. */
  problemKey?: string;
  /** Digests of the chain head that passed their checks. */
  digests?: number;
  /** Records without a MAC after keyed ones, allowed because they were written while the vault was locked. */
  unkeyedAfterKey?: number;
  /** Problems found that a person acknowledged earlier (passed over). */
  acknowledged?: { key: string; reason: string }[];
  /** Breaks detected earlier and not yet acknowledged; while any is listed, ok is false. */
  openBreaks?: AuditBreak[];
  /** Witnesses of the head that are not kept here, and why (e.g. no OS keychain). */
  witnessesSkipped?: { name: string; reason: string }[];
}

/** A detected break, kept in the vault until a person acknowledges it (audit:acknowledgeBreak). */
export interface AuditBreak {
  /** Random id, for acknowledgement. */
  id: string;
  /** The problem's stable name (AuditVerifyResult.problemKey). */
  key: string;
  /** The first bad record (seq). */
  seq: number;
  reason: string;
  /** ISO-8601 time it was detected. */
  detectedAt: string;
  /** ISO-8601 time a person acknowledged it (kept for the record; no longer reported). */
  acknowledgedAt?: string;
}

/** audit:acknowledgeBreak: the break's id, as listed in openBreaks. */
export const AcknowledgeBreakSchema = z.object({ Id: z.string().min(1).max(64) });
