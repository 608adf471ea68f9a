import { describe, expect, it } from 'vitest';
import { buildAuditEvent } from '../audit/event-builder.js';
import { deserialiseState, emptyState, serialiseState, wipeState } from '../kms/model.js';
import { createAccessKey, listAccessKeys, revokeAccessKey, secretOf } from './access-keys.js';

describe('access keys in the vault state', () => {
  it('AKIA ids and 40-char secrets; serialised with the state; listed without secrets; revoked and wiped', () => {
    const state = emptyState('v');
    const now = new Date('2024-01-01T00:00:00Z');
    const k = createAccessKey(state, 'ci', now);
    expect(k.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(JSON.stringify(listAccessKeys(state))).not.toContain(k.SecretAccessKey);
    const back = deserialiseState(serialiseState(state));
    expect(secretOf(back, k.AccessKeyId)).toBe(k.SecretAccessKey);
    expect(listAccessKeys(back)).toEqual([{ AccessKeyId: k.AccessKeyId, Description: 'ci', CreatedAt: now }]);
    const record = back.accessKeys.get(k.AccessKeyId)!;
    wipeState(back);
    expect(record.secret.every((b) => b === 0)).toBe(true);
    expect(secretOf(back, k.AccessKeyId)).toBeUndefined();
    revokeAccessKey(state, k.AccessKeyId);
    expect(secretOf(state, k.AccessKeyId)).toBeUndefined();
    expect(() => revokeAccessKey(state, k.AccessKeyId)).toThrow(/does not exist/);
  });

  it('a vault written before access keys existed still opens, with none and the endpoint off', () => {
    const state = emptyState('v');
    const raw = JSON.parse(new TextDecoder().decode(serialiseState(state))) as Record<string, unknown>; // our own serialised form
    delete raw['accessKeys'];
    delete (raw['settings'] as Record<string, unknown>)['apiEnabled'];
    const back = deserialiseState(new TextEncoder().encode(JSON.stringify(raw)));
    expect(back.accessKeys.size).toBe(0);
    expect(back.settings.apiEnabled).toBe(false);
    expect(back.settings.apiPort).toBe(4599);
  });

  it('the audit allowlist keeps the access key id and drops the secret (and any unknown field)', () => {
    const event = buildAuditEvent({
      channel: 'accessKeys:create',
      request: { Description: 'ci' },
      response: { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', CreatedAt: new Date(0), Surprise: 'x' },
      caller: { transport: 'ipc', sourceIPAddress: 'x', userAgent: 'x' },
      accountId: '111122223333',
      region: 'us-east-1',
      now: new Date(),
      readOnly: false,
      requestId: 'r',
    });
    expect(event.responseElements).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(JSON.stringify(event)).not.toContain('wJalrXUtnFEMI');
  });
});
