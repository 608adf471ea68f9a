import { describe, expect, it } from 'vitest';
import type { ChannelResult } from '../../src-shared/contract.js';
import { createPreloadApi } from './preload-client.js';

describe('preload', () => {
  it('passes every result through unchanged: values, errors and even malformed replies', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const replies: unknown[] = [
      { ok: true, value: { CiphertextBlob: bytes, KeyId: 'k', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } },
      { ok: false, error: { name: 'DisabledException', message: 'key is disabled', fault: 'client' } },
      { ok: false, error: { name: 'Weird', message: 'm' } },
      undefined,
    ];
    for (const reply of replies) {
      const seen: [string, unknown][] = [];
      const api = createPreloadApi(async (channel, request) => {
        seen.push([channel, request]);
        return reply;
      });
      const request = { KeyId: 'k', Plaintext: new Uint8Array([9]) };
      const got: unknown = await api.invoke('kms:Encrypt', request);
      expect(got).toBe(reply);
      expect(seen).toEqual([['kms:Encrypt', request]]);
      expect(seen[0]![1]).toBe(request);
    }
  });

  it('never throws for an error result (errors are values across contextBridge)', async () => {
    const error: ChannelResult = { ok: false, error: { name: 'VaultLockedException', message: 'locked', fault: 'client' } };
    const api = createPreloadApi(async () => error);
    await expect(api.invoke('vault:status', {})).resolves.toEqual(error);
  });
});
