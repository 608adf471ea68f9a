/**
 * One client cannot freeze everyone. With a real service and endpoint (default limits):
 * - while one connection pipelines 160 GenerateDataKeyPair RSA_4096 requests, the console's
 *   calls (service.handle, as IPC delivers them) answer within 1 s each, another access
 *   key's client is served and not throttled, and the console's own key pairs do not queue
 *   behind the pipeline's;
 * - 64 connections that never send a byte do not lock out a signed request.
 * Generous bounds for a loaded 2-core machine: an RSA-4096 key takes 1-5 s there, the
 * console's calls a few milliseconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyMetadata } from '../../src-shared/kms/types.js';
import type { CreatedAccessKey } from '../../src-shared/app.js';
import { keygenStats } from '../crypto/keygen.js';
import { startRunning, UI, type Running } from '../testing/endpoint-kit.js';
import { RawConnection, signedBytes } from '../testing/pipeline.js';
import { callKms } from '../testing/signed-request.js';
import { THROTTLED_MESSAGE } from './connection-limits.js';

let r: Running;
let port: number;
let kek: KeyMetadata;
let other: CreatedAccessKey;
const conns: RawConnection[] = [];

beforeAll(async () => {
  r = await startRunning();
  port = Number(new URL(r.url).port);
  kek = (await r.ok('kms:CreateKey', { Description: 'fairness' })).KeyMetadata;
  other = await r.ok('accessKeys:create', { Description: 'another client' });
}, 60_000);

afterAll(async () => {
  for (const c of conns) c.close();
  await r.close();
});

function open(bytes?: string): RawConnection {
  const c = new RawConnection(port, bytes);
  conns.push(c);
  return c;
}

async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Milliseconds one console call takes, and its result. */
async function timed(channel: string, payload: unknown): Promise<{ ms: number; ok: boolean; name?: string }> {
  const start = performance.now();
  const res = await r.svc.handle(channel, payload, UI);
  return { ms: performance.now() - start, ok: res.ok, ...(res.ok ? {} : { name: res.error.name }) };
}

describe('one client pipelining RSA 4096 key generation', () => {
  it('does not slow the console beyond 1 s, nor throttle another client', async () => {
    const before = keygenStats().threadpool;
    const one = await signedBytes(r, 'GenerateDataKeyPair', { KeyId: kek.KeyId, KeyPairSpec: 'RSA_4096' });
    const pipeline = open(one.repeat(160));
    try {
      await until(() => keygenStats().threadpool > before); // generation under way

      const calls: [string, unknown][] = [
        ['kms:ListKeys', {}],
        ['kms:DescribeKey', { KeyId: kek.KeyId }],
        ['kms:Encrypt', { KeyId: kek.KeyId, Plaintext: new Uint8Array(64) }],
        ['kms:GenerateDataKey', { KeyId: kek.KeyId, KeySpec: 'AES_256' }],
        ['vault:status', {}],
        ['audit:query', { limit: 10 }],
      ];
      const slowest: Record<string, number> = {};
      for (let round = 0; round < 5; round++) {
        for (const [channel, payload] of calls) {
          const t = await timed(channel, payload);
          expect(t, channel).toMatchObject({ ok: true });
          slowest[channel] = Math.max(slowest[channel] ?? 0, t.ms);
        }
        // Another endpoint client, with its own access key.
        const reply = await callKms(r, 'Encrypt', { KeyId: kek.KeyId, Plaintext: Buffer.from('x').toString('base64') }, {
          accessKeyId: other.AccessKeyId, secret: other.SecretAccessKey,
        });
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        // The pipeline's keys were still being generated all along.
        expect(keygenStats().pending).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const [channel, ms] of Object.entries(slowest)) expect(ms, channel).toBeLessThan(1000);

      // The console's own key pairs do not queue behind the pipeline's: a slot is kept for
      // people. An ECC key answers within 1 s like any call; an RSA key is done while the
      // pipeline's keys are still being generated.
      const ecc = await timed('kms:CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(ecc).toMatchObject({ ok: true });
      expect(ecc.ms).toBeLessThan(1000);
      const rsa = await timed('kms:CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
      expect(rsa).toMatchObject({ ok: true });
      expect(keygenStats().pending).toBeGreaterThan(0);

      // What the pipeline got back, in order: data key pairs, KMS's ThrottlingException
      // beyond its connection's limits (8 in flight, 32 waiting), and, once its unread
      // requests stalled past the header deadline, a JSON 408 and the close.
      await pipeline.until(1);
      for (const [i, a] of pipeline.answers.entries()) {
        const body = JSON.parse(a.body) as Record<string, unknown>; // the endpoint answers JSON
        if (a.status === 200) expect(body).toHaveProperty('PrivateKeyCiphertextBlob');
        else if (a.status === 408) expect([i, body]).toEqual([pipeline.answers.length - 1, { __type: 'ValidationException', message: 'The request was not received in time.' }]);
        else expect(body).toEqual({ __type: 'ThrottlingException', message: THROTTLED_MESSAGE });
      }
    } finally {
      pipeline.close();
    }
  }, 120_000);
});

describe('64 idle connections', () => {
  it('do not lock out a signed request', async () => {
    const idle = Array.from({ length: 64 }, () => open());
    await Promise.all(idle.map((c) => c.connected()));
    await new Promise((resolve) => setTimeout(resolve, 100)); // accepted by the server
    const start = performance.now();
    const reply = await callKms(r, 'DescribeKey', { KeyId: kek.KeyId });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    // Served at once, not after the idle connections' 5 s header deadline.
    expect(performance.now() - start).toBeLessThan(4000);
    expect(idle.filter((c) => c.closed).length).toBeGreaterThanOrEqual(1);
    // The idle connections that were closed got nothing, or KMS's JSON: never bare text.
    for (const c of idle) if (c.raw !== '') expect(c.raw).toMatch(/^HTTP\/1\.1 408 [^\r]*\r\n[\s\S]*"__type":"ValidationException"/);
  }, 60_000);
});
