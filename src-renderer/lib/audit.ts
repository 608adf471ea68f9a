/** Audit log filters -> audit:query requests, and reading records. Pure. */
import type { AuditRecord } from '../../src-shared/audit';
import type { RequestOf } from '../../src-shared/contract';
import { parseLocalDateTime } from './format';

export type AuditOutcome = 'all' | 'success' | 'error';
/** CloudTrail's readOnly: every call, changes only, or reads only. */
export type AuditCalls = 'all' | 'changes' | 'reads';
/** Workload (API calls, scheduled events, app actions) or the console's own reads of its views (AwsConsoleAction records). */
export type AuditSource = 'all' | 'workload' | 'console';

export interface AuditFilters {
  text: string;
  eventName: string | null;
  keyId: string;
  outcome: AuditOutcome;
  calls: AuditCalls;
  source: AuditSource;
  /** `datetime-local` input values (local time), '' for none. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { text: '', eventName: null, keyId: '', outcome: 'all', calls: 'all', source: 'all', from: '', to: '' };
export const AUDIT_PAGE_SIZE = 100;

/** Filters -> audit:query request (empty fields omitted). */
export function auditRequest(f: AuditFilters, cursor?: string): RequestOf<'audit:query'> {
  const from = parseLocalDateTime(f.from);
  const to = parseLocalDateTime(f.to);
  return {
    limit: AUDIT_PAGE_SIZE,
    outcome: f.outcome,
    ...(f.calls !== 'all' ? { readOnly: f.calls === 'reads' } : {}),
    ...(f.source !== 'all' ? { source: f.source } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.eventName ? { eventName: f.eventName } : {}),
    ...(f.keyId.trim() ? { keyId: f.keyId.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

export function isFiltered(f: AuditFilters): boolean {
  return f.text !== '' || f.eventName !== null || f.keyId !== '' || f.outcome !== 'all' || f.calls !== 'all' || f.source !== 'all' || f.from !== '' || f.to !== '';
}

/** The key an event is about: the key id from resources' ARN, else the request's key id. */
export function recordKey(r: Pick<AuditRecord, 'resources' | 'requestParameters'>): string | undefined {
  const arn = r.resources?.[0]?.ARN;
  if (arn) {
    const m = /:key\/(.+)$/.exec(arn);
    return m?.[1] ?? arn;
  }
  const p = r.requestParameters;
  const k = p?.keyId ?? p?.KeyId ?? p?.targetKeyId ?? p?.TargetKeyId;
  return typeof k === 'string' ? k : undefined;
}

/** Who made the call: the service that invoked it, else the last part of the identity ARN. */
export function recordUser(r: Pick<AuditRecord, 'userIdentity'>): string {
  const { arn, invokedBy, type } = r.userIdentity;
  if (invokedBy) return invokedBy;
  if (!arn) return type;
  const i = arn.lastIndexOf('/');
  return i >= 0 ? arn.slice(i + 1) : arn.slice(arn.lastIndexOf(':') + 1) || type;
}
