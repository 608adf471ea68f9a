/**
 * Request counts for cost estimates, read from the audit log's in-memory index (never the
 * whole log). Billable requests are KMS API calls (eventSource kms, eventType AwsApiCall);
 * the scheduler's service events (RotateKey, DeleteKey) are not requests.
 */
import { KMS_OPERATIONS } from '../../src-shared/kms/schemas.js';
import type { AuditLog } from './store.js';

export interface RequestCounts {
  total: number;
  /** By key id (lowercase). */
  byKey: Map<string, number>;
}

const BILLABLE = new Set<string>(KMS_OPERATIONS.map((op) => op.toLowerCase()));

export function countKmsRequests(audit: AuditLog, from: Date, to: Date): RequestCounts {
  return audit.countEvents({ from: from.getTime(), to: to.getTime() - 1, eventNames: BILLABLE });
}
