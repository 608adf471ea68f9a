/**
 * console:listKeys through the service: one audited record per view, marked as a console
 * action (CloudTrail eventType AwsConsoleAction, sessionCredentialFromConsole "true":
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * with no search text and no rows in the record, shown apart from workload traffic by the
 * Audit page (audit:query `source`), and no billable request in the cost estimate.
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

async function service() {
  const clock = new VirtualClock(new Date('2026-03-01T00:00:00Z'));
  const { dir, cleanup } = await tempDir();
  const svc = await createKeywardService(testServiceOptions(dir, { clock }));
  cleanups.push(async () => {
    await svc.close();
    await cleanup();
  });
  const ok = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => unwrap(await svc.invoke(channel, request, UI));
  await ok('vault:create', { Passphrase: 'correct horse battery staple' });
  return { svc, ok };
}

describe('console:listKeys', () => {
  it('answers a view in one call, recorded once as a console action without the search text or rows', async () => {
    const { ok } = await service();
    for (let i = 0; i < 3; i++) {
      const { KeyMetadata } = await ok('kms:CreateKey', { Description: `key ${i}`, Tags: [{ TagKey: 'team', TagValue: `t${i}` }] });
      await ok('kms:CreateAlias', { AliasName: `alias/k${i}`, TargetKeyId: KeyMetadata.KeyId });
    }
    const before = (await ok('audit:query', { limit: 500 })).totalRecords;
    const page = await ok('console:listKeys', { Search: 'secret-looking search', Limit: 50 });
    expect(page).toMatchObject({ Rows: [], Matched: 0, Totals: { CUSTOMER: 3, AWS: 0 } });
    const all = await ok('console:listKeys', { SortBy: 'alias' });
    expect(all.Rows.map((r) => r.Aliases)).toEqual([['alias/k0'], ['alias/k1'], ['alias/k2']]);
    expect(all.Rows[0]!.Tags).toEqual([{ TagKey: 'team', TagValue: 't0' }]);

    const { records, totalRecords } = await ok('audit:query', { limit: 2 });
    expect(totalRecords - before).toBe(2); // one record per view, nothing per key
    for (const r of records) {
      expect(r).toMatchObject({ eventName: 'console:listKeys', eventType: 'AwsConsoleAction', sessionCredentialFromConsole: 'true', readOnly: true, eventSource: 'keyward.local' });
      expect(r.responseElements).toBeNull(); // rows are never logged
    }
    expect(JSON.stringify(records)).not.toContain('secret-looking');
    expect(records[1]!.requestParameters).toEqual({ limit: 50 });
  });

  it('lets the Audit page show console views apart from workload traffic (audit:query source)', async () => {
    const { ok } = await service();
    const { KeyMetadata } = await ok('kms:CreateKey', {});
    await ok('console:listKeys', {});
    await ok('kms:DescribeKey', { KeyId: KeyMetadata.KeyId });
    await ok('console:listKeys', { SortBy: 'keyId' });
    const names = async (source?: 'console' | 'workload') => (await ok('audit:query', { limit: 50, ...(source ? { source } : {}) })).records.map((r) => r.eventName);
    expect(await names('console')).toEqual(['console:listKeys', 'console:listKeys']);
    const workload = await names('workload');
    expect(workload.slice(0, 2)).toEqual(['DescribeKey', 'CreateKey']);
    expect(workload).not.toContain('console:listKeys');
    expect((await names()).slice(0, 4)).toEqual(['console:listKeys', 'DescribeKey', 'console:listKeys', 'CreateKey']);
  });

  it('is not a workload request in the cost estimate; KMS calls from the endpoint or the UI are', async () => {
    const { ok } = await service();
    await ok('kms:CreateKey', {});
    const before = await ok('cost:estimate', {});
    for (let i = 0; i < 5; i++) await ok('console:listKeys', {});
    const after = await ok('cost:estimate', {});
    expect(after.Requests).toBe(before.Requests);
    await ok('kms:ListKeys', {});
    expect((await ok('cost:estimate', {})).Requests).toBe(before.Requests + 1);
  });

  it('refuses while the vault is locked, and records the refusal', async () => {
    const { svc, ok } = await service();
    await ok('vault:lock', {});
    const r = await svc.invoke('console:listKeys', {}, UI);
    expect(r.ok ? 'ok' : r.error.name).toBe('VaultLockedException');
  });
});
