import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random.js';
import type { CallerContext } from '../platform/caller.js';
import { buildAuditEvent, type AuditEventInput } from './event-builder.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const desktop: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'Keyward/0.1 (Electron)' };

function base(over: Partial<AuditEventInput>): AuditEventInput {
  return {
    channel: 'kms:Encrypt',
    request: {},
    caller: desktop,
    accountId: '111122223333',
    region: 'us-east-1',
    now: new Date('2026-01-02T03:04:05.678Z'),
    readOnly: false,
    requestId: 'req-1',
    ...over,
  };
}

/** Every way a secret could show up in the serialised record. */
function forms(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes);
  return [b.toString('base64'), b.toString('base64url'), b.toString('hex'), Array.from(bytes).join(','), JSON.stringify(Array.from(bytes)).slice(1, -1)];
}

function secret(n = 32): Uint8Array {
  return randomBytes(n);
}

describe('buildAuditEvent: secrets never reach a record', () => {
  it('drops plaintext, ciphertext, data keys, passphrases, grant tokens, unknown fields and nested binary', () => {
    const plaintext = secret();
    const blob = secret(120);
    const dataKey = secret();
    const nested = secret();
    const mapBytes = secret();
    const strings = [
      'correct horse battery staple',
      'old passphrase 123',
      'new passphrase 456',
      'grant-token-AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I4ZjdlM2IzZGRj',
      'unknown-field-value-xyzzy',
      'policy-with-principal-secret',
    ];
    const request = {
      KeyId: ARN,
      Plaintext: plaintext,
      CiphertextBlob: blob,
      Passphrase: strings[0],
      CurrentPassphrase: strings[1],
      NewPassphrase: strings[2],
      GrantTokens: [strings[3]],
      SomethingNew: strings[4],
      Policy: strings[5],
      EncryptionContext: { purpose: 'test', sneaky: mapBytes as unknown as string }, // a wrong-typed value must still be dropped
      Tags: [{ TagKey: 'team', TagValue: 'blue', Extra: nested }],
      Description: { nested: { deeper: nested } } as unknown as string, // not a string: dropped
      KeyMetadata: { KeyId: 'k', Arn: ARN, Material: dataKey, CreationDate: new Date(0) },
      Limit: nested as unknown as number, // binary under an allowed name: dropped
    };
    const response = {
      CiphertextBlob: blob,
      Plaintext: dataKey,
      KeyId: ARN,
      KeyMaterialId: 'abc',
      Deep: { Plaintext: plaintext, list: [nested] },
      Buffer: Buffer.from(dataKey),
      View: new DataView(dataKey.buffer),
    };
    for (const error of [undefined, { name: 'DisabledException', message: 'The key is disabled.' }]) {
      const rec = buildAuditEvent(base({ request, response, keyArns: [ARN], ...(error ? { error } : {}) }));
      const json = JSON.stringify(rec);
      for (const bytes of [plaintext, blob, dataKey, nested, mapBytes]) {
        for (const f of forms(bytes)) expect(json, `leaked ${f.slice(0, 12)}...`).not.toContain(f);
      }
      for (const s of strings) expect(json).not.toContain(s);
      expect(json).not.toMatch(/passphrase|plaintext|ciphertextBlob|grantTokens|policy|somethingNew/i);
    }
  });

  it('drops the passphrases of vault channels', () => {
    for (const [channel, request] of [
      ['vault:create', { Passphrase: 'hunter2hunter2', UseKeychain: true }],
      ['vault:unlock', { Passphrase: 'hunter2hunter2' }],
      ['vault:changePassphrase', { CurrentPassphrase: 'hunter2hunter2', NewPassphrase: 'swordfish99' }],
    ] as const) {
      const rec = buildAuditEvent(base({ channel, request }));
      const json = JSON.stringify(rec);
      expect(json).not.toContain('hunter2');
      expect(json).not.toContain('swordfish');
      expect(rec.eventSource).toBe('keyward.local');
      expect(rec.eventName).toBe(channel);
    }
    expect(buildAuditEvent(base({ channel: 'vault:create', request: { Passphrase: 'x'.repeat(9), UseKeychain: true } })).requestParameters).toEqual({ useKeychain: true });
  });

  it('drops binary at the top level and keeps no request when nothing is allowed', () => {
    const rec = buildAuditEvent(base({ request: secret(), response: { Plaintext: secret() } }));
    expect(rec.requestParameters).toBeNull();
    expect(rec.responseElements).toBeNull();
  });
});

describe('buildAuditEvent: CloudTrail shape', () => {
  it('keeps allowed fields with lowerCamel keys and ISO dates', () => {
    const rec = buildAuditEvent(
      base({
        channel: 'kms:ScheduleKeyDeletion',
        request: { KeyId: ARN, PendingWindowInDays: 7 },
        response: { KeyId: ARN, DeletionDate: new Date('2026-01-09T00:00:00Z'), KeyState: 'PendingDeletion', PendingWindowInDays: 7 },
        keyArns: [ARN, ARN],
      }),
    );
    expect(rec).toMatchObject({
      eventVersion: '1.08',
      eventTime: '2026-01-02T03:04:05.678Z',
      eventSource: 'kms.amazonaws.com',
      eventName: 'ScheduleKeyDeletion',
      eventType: 'AwsApiCall',
      awsRegion: 'us-east-1',
      sourceIPAddress: 'keyward-desktop',
      userAgent: 'Keyward/0.1 (Electron)',
      userIdentity: { type: 'IAMUser', principalId: 'keyward-desktop', arn: 'arn:aws:iam::111122223333:user/keyward-desktop', accountId: '111122223333' },
      requestParameters: { keyId: ARN, pendingWindowInDays: 7 },
      responseElements: { keyId: ARN, deletionDate: '2026-01-09T00:00:00.000Z', keyState: 'PendingDeletion', pendingWindowInDays: 7 },
      requestID: 'req-1',
      readOnly: false,
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
      resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN }],
    });
    expect(rec.eventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(rec).not.toHaveProperty('errorCode');
    expect(rec).not.toHaveProperty('chain');
  });

  it('keeps encryption context, tags and key metadata in their safe shapes', () => {
    const rec = buildAuditEvent(
      base({
        channel: 'kms:CreateKey',
        request: { Description: 'payments', KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', Tags: [{ TagKey: 'team', TagValue: 'blue' }], MultiRegion: false },
        response: {
          KeyMetadata: { AWSAccountId: '111122223333', KeyId: 'kid', Arn: ARN, CreationDate: new Date(0), Enabled: true, Description: 'payments', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' },
        },
      }),
    );
    expect(rec.requestParameters).toEqual({ description: 'payments', keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT', tags: [{ tagKey: 'team', tagValue: 'blue' }], multiRegion: false });
    expect(rec.responseElements).toEqual({ keyMetadata: { keyId: 'kid', arn: ARN, creationDate: '1970-01-01T00:00:00.000Z', keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT' } });
    const context: unknown = JSON.parse('{"__proto__":"x","dept":"hr"}'); // an own '__proto__' key, as JSON input can carry
    const enc = buildAuditEvent(base({ request: { KeyId: 'k', EncryptionContext: context } }));
    const ec = enc.requestParameters?.['encryptionContext'];
    expect(Object.getPrototypeOf(ec)).toBe(Object.prototype);
    expect(JSON.stringify(ec)).toBe('{"__proto__":"x","dept":"hr"}');
  });

  it('records errors with errorCode and errorMessage and no response', () => {
    const rec = buildAuditEvent(base({ request: { KeyId: 'k' }, response: { KeyId: 'k' }, error: { name: 'NotFoundException', message: 'Key not found.' } }));
    expect(rec.errorCode).toBe('NotFoundException');
    expect(rec.errorMessage).toBe('Key not found.');
    expect(rec.responseElements).toBeNull();
    expect(rec.requestParameters).toEqual({ keyId: 'k' });
  });

  it('shapes scheduler events as AwsServiceEvents invoked by KMS', () => {
    const rec = buildAuditEvent(base({ channel: 'scheduler:RotateKey', caller: 'scheduler', request: { KeyId: ARN, KeyMaterialId: 'm2' }, keyArns: [ARN], readOnly: false }));
    expect(rec).toMatchObject({
      eventName: 'RotateKey',
      eventSource: 'kms.amazonaws.com',
      eventType: 'AwsServiceEvent',
      userIdentity: { type: 'AWSService', invokedBy: 'kms.amazonaws.com', accountId: '111122223333' },
      sourceIPAddress: 'kms.amazonaws.com',
      userAgent: 'kms.amazonaws.com',
    });
    expect(buildAuditEvent(base({ channel: 'scheduler:DeleteKey', caller: 'scheduler' })).eventName).toBe('DeleteKey');
  });

  it('names the principal by transport and keeps the access key id', () => {
    const browser = buildAuditEvent(base({ caller: { transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'Firefox' } }));
    expect(browser.userIdentity.principalId).toBe('keyward-browser');
    expect(browser.userIdentity).not.toHaveProperty('accessKeyId');
    const api = buildAuditEvent(base({ caller: { transport: 'api', sourceIPAddress: '127.0.0.1', userAgent: 'aws-cli/2', accessKeyId: 'AKIAEXAMPLE' } }));
    expect(api.userIdentity.accessKeyId).toBe('AKIAEXAMPLE');
  });

  it('refuses malformed input with labelled TypeErrors', () => {
    expect(() => buildAuditEvent(base({ now: new Date(NaN) }))).toThrow(TypeError);
    expect(() => buildAuditEvent(base({ channel: 3 as unknown as string }))).toThrow(TypeError); // deliberate wrong type
    expect(() => buildAuditEvent(base({ requestId: '' }))).toThrow(RangeError);
  });
});

describe('buildAuditEvent: asymmetric and MAC operations', () => {
  it('records the algorithms and message type, never the message, signature, MAC, private key or shared secret', () => {
    const message = secret(64);
    const signature = secret(72);
    const privateKey = secret(121);
    const shared = secret(32);
    const sign = buildAuditEvent(base({
      channel: 'kms:Sign',
      request: { KeyId: ARN, Message: message, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' },
      response: { KeyId: ARN, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' },
    }));
    expect(sign.requestParameters).toEqual({ keyId: ARN, messageType: 'DIGEST', signingAlgorithm: 'ECDSA_SHA_256' });
    expect(sign.responseElements).toEqual({ keyId: ARN, signingAlgorithm: 'ECDSA_SHA_256' });
    const pair = buildAuditEvent(base({
      channel: 'kms:GenerateDataKeyPair',
      request: { KeyId: ARN, KeyPairSpec: 'ECC_NIST_P256' },
      response: { KeyId: ARN, KeyPairSpec: 'ECC_NIST_P256', PrivateKeyPlaintext: privateKey, PrivateKeyCiphertextBlob: secret(200), PublicKey: secret(91) },
    }));
    expect(pair.requestParameters).toEqual({ keyId: ARN, keyPairSpec: 'ECC_NIST_P256' });
    const derive = buildAuditEvent(base({
      channel: 'kms:DeriveSharedSecret',
      request: { KeyId: ARN, KeyAgreementAlgorithm: 'ECDH', PublicKey: secret(91) },
      response: { KeyId: ARN, SharedSecret: shared, KeyAgreementAlgorithm: 'ECDH' },
    }));
    const text = JSON.stringify([sign, pair, derive]);
    for (const s of [message, signature, privateKey, shared]) for (const f of forms(s)) expect(text).not.toContain(f);
  });
});
