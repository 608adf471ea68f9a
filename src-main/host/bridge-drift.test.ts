/**
 * The same request gives the same answer over structured clone (Electron IPC) and over the
 * browser bridge (JSON decoded by the channel's schema), whatever its strings and maps look
 * like: no value in the data is ever read as a type tag.
 */
import { join } from 'node:path';
import { testServiceOptions } from '../testing/service-kit.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_BRIDGE, type ChannelResult } from '../../src-shared/contract.js';
import { decodeTyped, encodeJson } from '../../src-shared/wire.js';
import { createKeywardService } from '../service/service.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { tempDir } from '../testing/vault-kit.js';
import { startHostServer, type HostServer } from './server.js';

const IPC: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };

let svc: KeywardService;
let server: HostServer;
let cleanup: () => Promise<void>;
let keyId: string;

async function overIpc(channel: string, request: unknown): Promise<ChannelResult> {
  return svc.handle(channel, request, IPC);
}

async function overBridge(channel: string, request: unknown): Promise<ChannelResult> {
  const res = await fetch(`${server.origin}${HOST_BRIDGE.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HOST_BRIDGE.tokenHeader]: server.token, origin: server.origin },
    body: encodeJson({ channel, request }),
  });
  return decodeTyped(await res.text()) as ChannelResult; // the host answers a ChannelResult
}

/** What a caller can compare across transports: ok and the value's shape, or the error. */
function outcome(r: ChannelResult): unknown {
  return r.ok ? { ok: true } : { ok: false, name: r.error.name, message: r.error.message };
}

beforeAll(async () => {
  const t = await tempDir();
  cleanup = t.cleanup;
  svc = await createKeywardService(testServiceOptions(t.dir));
  server = await startHostServer({ service: svc, staticDir: join(t.dir, 'www') });
  const created = await overIpc('vault:create', { Passphrase: 'correct horse battery staple' });
  expect(created.ok).toBe(true);
  const key = await overIpc('kms:CreateKey', {});
  if (!key.ok) throw new Error(key.error.message);
  keyId = (key.value as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId; // CreateKey's response shape
});

afterAll(async () => {
  await server.close();
  await svc.close();
  await cleanup();
});

describe('bridge and IPC agree on look-alike values', () => {
  const contexts: Record<string, unknown>[] = [
    { $b64: 'AAAA' },
    { $b64: '!!!!' },
    { $date: '2020-01-01T00:00:00.000Z' },
    { purpose: '$b64' },
    { purpose: 'AAAA', $b64: 'AAAA' },
  ];

  it.each(contexts)('EncryptionContext %j: Encrypt succeeds on both, and each ciphertext decrypts on the other', async (context) => {
    const plaintext = new Uint8Array([1, 2, 3]);
    const viaIpc = await overIpc('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
    const viaBridge = await overBridge('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
    expect(outcome(viaBridge)).toEqual(outcome(viaIpc));
    expect(viaIpc.ok).toBe(true);
    if (!viaIpc.ok || !viaBridge.ok) return;
    const blobs = [viaIpc.value, viaBridge.value].map((v) => (v as { CiphertextBlob: Uint8Array }).CiphertextBlob); // Encrypt's response
    expect(blobs[1]).toBeInstanceOf(Uint8Array);
    const back1 = await overBridge('kms:Decrypt', { CiphertextBlob: blobs[0], EncryptionContext: context });
    const back2 = await overIpc('kms:Decrypt', { CiphertextBlob: blobs[1], EncryptionContext: context });
    for (const back of [back1, back2]) {
      expect(back.ok).toBe(true);
      if (back.ok) expect((back.value as { Plaintext: Uint8Array }).Plaintext).toEqual(plaintext); // Decrypt's response
    }
  });

  it.each([
    ['a tagged object where bytes belong', { KeyId: 'k', Plaintext: { $b64: 'AQID' } }],
    ['a number where bytes belong', { KeyId: 'k', Plaintext: 5 }],
    ['a non-string context value', { KeyId: 'k', Plaintext: new Uint8Array([1]), EncryptionContext: { a: { $b64: 'AAAA' } } }],
  ])('%s fails alike on both', async (_label, request) => {
    const viaIpc = await overIpc('kms:Encrypt', request);
    const viaBridge = await overBridge('kms:Encrypt', request);
    expect(viaIpc.ok).toBe(false);
    expect(outcome(viaBridge)).toEqual(outcome(viaIpc));
  });

  it('errors carry their fault over the bridge', async () => {
    const r = await overBridge('kms:DescribeKey', { KeyId: 'alias/none' });
    expect(r).toMatchObject({ ok: false, error: { name: 'NotFoundException', fault: 'client' } });
  });
});
