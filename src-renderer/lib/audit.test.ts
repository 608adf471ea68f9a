import { describe, expect, it } from 'vitest';
import { auditRequest, EMPTY_AUDIT_FILTERS, isFiltered, recordKey, recordUser } from './audit';

describe('auditRequest', () => {
  it('sends only the filters that are set', () => {
    expect(auditRequest(EMPTY_AUDIT_FILTERS)).toEqual({ limit: 100, outcome: 'all' });
    const req = auditRequest({ text: ' boom ', eventName: 'Decrypt', keyId: 'k1', outcome: 'error', calls: 'all', source: 'all', from: '2026-03-01T00:00', to: 'bad' }, 'c2');
    expect(req).toEqual({ limit: 100, outcome: 'error', text: 'boom', eventName: 'Decrypt', keyId: 'k1', from: new Date(2026, 2, 1), cursor: 'c2' });
    expect(auditRequest({ ...EMPTY_AUDIT_FILTERS, calls: 'changes' })).toEqual({ limit: 100, outcome: 'all', readOnly: false });
    expect(auditRequest({ ...EMPTY_AUDIT_FILTERS, calls: 'reads' })).toEqual({ limit: 100, outcome: 'all', readOnly: true });
    expect(auditRequest({ ...EMPTY_AUDIT_FILTERS, source: 'workload' })).toEqual({ limit: 100, outcome: 'all', source: 'workload' });
  });
  it('isFiltered', () => {
    expect(isFiltered(EMPTY_AUDIT_FILTERS)).toBe(false);
    expect(isFiltered({ ...EMPTY_AUDIT_FILTERS, outcome: 'success' })).toBe(true);
    expect(isFiltered({ ...EMPTY_AUDIT_FILTERS, calls: 'changes' })).toBe(true);
  });
});

describe('reading records', () => {
  it('takes the key id from the resource ARN, else the request', () => {
    expect(recordKey({ resources: [{ accountId: '1', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:111122223333:key/abc' }], requestParameters: null })).toBe('abc');
    expect(recordKey({ requestParameters: { keyId: 'alias/x' } })).toBe('alias/x');
    expect(recordKey({ requestParameters: null })).toBeUndefined();
  });
  it('names the user', () => {
    expect(recordUser({ userIdentity: { type: 'IAMUser', principalId: 'p', arn: 'arn:aws:iam::111122223333:user/admin', accountId: '1' } })).toBe('admin');
    expect(recordUser({ userIdentity: { type: 'AWSService', principalId: 'p', arn: '', accountId: '1', invokedBy: 'kms.amazonaws.com' } })).toBe('kms.amazonaws.com');
    expect(recordUser({ userIdentity: { type: 'Root', principalId: 'p', arn: 'arn:aws:iam::111122223333:root', accountId: '1' } })).toBe('root');
  });
});
