/**
 * cost:estimate through the service: AWS managed keys carry no monthly fee, their requests count
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf } from '../../../src-shared/contract.js';
import { unwrap } from '../../../src-shared/result.js';
import { VirtualClock } from '../../platform/clock.js';
import { testServiceOptions } from '../../testing/service-kit.js';
import { tempDir } from '../../testing/vault-kit.js';
import { createKeywardService } from '../service.js';
import type { CallerContext } from '../types.js';

const UI: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'test' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('cost:estimate', () => {
  it('bills the customer managed key a month, the AWS managed key nothing; both keys\' requests count', async () => {
    const clock = new VirtualClock(new Date('2026-03-01T00:00:00Z'));
    const { dir, cleanup } = await tempDir();
    const svc = await createKeywardService(testServiceOptions(dir, { clock, audit: { syncIntervalMs: 0 } }));
    cleanups.push(async () => {
      await svc.close();
      await cleanup();
    });
    const ok = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => unwrap(await svc.invoke(channel, request, UI));
    await ok('vault:create', { Passphrase: 'correct horse battery staple' });
    const mine = await ok('kms:CreateKey', {});
    const aws = await ok('kms:DescribeKey', { KeyId: 'alias/aws/s3' });
    expect(aws.KeyMetadata.KeyManager).toBe('AWS');
    clock.advanceDays(10);
    await ok('kms:Encrypt', { KeyId: 'alias/aws/s3', Plaintext: new Uint8Array(1) });
    const est = await ok('cost:estimate', {});
    const byId = new Map(est.Keys.map((k) => [k.KeyId, k]));
    expect(byId.get(mine.KeyMetadata.KeyId)).toMatchObject({ StorageUsd: 1 });
    expect(byId.get(aws.KeyMetadata.KeyId)).toMatchObject({ Aliases: ['alias/aws/s3'], BilledHours: 0, StorageUsd: 0, RotationUsd: 0, Requests: 2 });
    expect(est.Requests).toBe(3); // CreateKey, DescribeKey, Encrypt
    expect(est.StorageUsd).toBe(1);
  });

  it('refuses a month that is not a calendar month with ValidationException, and accepts 01 and 12', async () => {
    const { dir, cleanup } = await tempDir();
    const svc = await createKeywardService(testServiceOptions(dir));
    cleanups.push(async () => {
      await svc.close();
      await cleanup();
    });
    unwrap(await svc.invoke('vault:create', { Passphrase: 'correct horse battery staple' }, UI));
    for (const Month of ['2026-13', '2026-00', '2026-1', '2026-001', '26-01', '2026-1a']) {
      const r = await svc.invoke('cost:estimate', { Month }, UI);
      expect(r.ok ? 'ok' : r.error.name, Month).toBe('ValidationException');
    }
    for (const Month of ['2026-01', '2026-12']) expect(unwrap(await svc.invoke('cost:estimate', { Month }, UI)).Month).toBe(Month);
  });
});
