import { describe, expect, it } from 'vitest';
import { CHANNEL_POLICY, policyOf } from './channel-policy.js';
import { CHANNELS, type Channel } from './contract.js';
import { KMS_OPERATIONS } from './kms/schemas.js';

// The four sets the table replaced, as they stood before it: the table must say exactly this.
const UNAUDITED = ['vault:status', 'audit:query', 'cost:estimate', 'schedule:upcoming', 'clock:get', 'crypto:selfTest', 'api:status', 'accessKeys:list', 'audit:verifyProgress'];
const NOT_ACTIVITY = ['vault:status', 'clock:get', 'api:status', 'audit:verifyProgress'];
const CHANGES_VAULT_APP = ['settings:update', 'accessKeys:create', 'accessKeys:revoke', 'api:configure', 'audit:acknowledgeBreak', 'vault:changePassphrase', 'vault:setKeychainSlot'];
const READ_ONLY_OPERATIONS = [
  'DescribeKey', 'ListKeys', 'ListAliases', 'ListResourceTags', 'GetKeyRotationStatus', 'ListKeyRotations',
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom',
  'Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'Encapsulate', 'Decapsulate',
];
// Added after the table: the console's own reads, recorded and read-only (src-shared/console.ts).
const READ_ONLY_APP = ['console:listKeys'];

describe('channel policy', () => {
  it('has an entry for every channel and every KMS operation, and none for anything else', () => {
    expect(Object.keys(CHANNEL_POLICY).sort()).toEqual([...CHANNELS].sort());
    for (const op of KMS_OPERATIONS) expect(CHANNEL_POLICY[`kms:${op}`], op).toBeDefined();
  });

  it('pins a few entries', () => {
    expect(policyOf('kms:Encrypt')).toEqual({ audited: true, activity: true, changesVault: false, readOnly: true });
    expect(policyOf('kms:CreateKey')).toEqual({ audited: true, activity: true, changesVault: true, readOnly: false });
    expect(policyOf('vault:status')).toEqual({ audited: false, activity: false, changesVault: false, readOnly: false });
    expect(policyOf('audit:query')).toEqual({ audited: false, activity: true, changesVault: false, readOnly: false });
    expect(policyOf('accessKeys:create')).toEqual({ audited: true, activity: true, changesVault: true, readOnly: false });
    expect(policyOf('vault:unlock')).toEqual({ audited: true, activity: true, changesVault: false, readOnly: false });
    // Only the walk of the audit chain and its progress poll run beside the router's lock.
    expect(CHANNELS.filter((c) => policyOf(c).outsideLock)).toEqual(['audit:verify', 'audit:verifyProgress']);
    expect(policyOf('console:listKeys')).toEqual({ audited: true, activity: true, changesVault: false, readOnly: true });
  });

  it.each(CHANNELS)('%s says what the router did before the table', (channel: Channel) => {
    const op = channel.startsWith('kms:') ? channel.slice(4) : undefined;
    const p = policyOf(channel);
    expect(p.audited).toBe(!UNAUDITED.includes(channel));
    expect(p.activity).toBe(!NOT_ACTIVITY.includes(channel));
    expect(p.readOnly).toBe(op !== undefined ? READ_ONLY_OPERATIONS.includes(op) : READ_ONLY_APP.includes(channel));
    expect(p.changesVault).toBe(op !== undefined ? !READ_ONLY_OPERATIONS.includes(op) : CHANGES_VAULT_APP.includes(channel));
  });
});
