import { afterEach, describe, expect, it } from 'vitest';
import { testServiceOptions } from '../testing/service-kit.js';
import type { ChannelPolicy } from '../../src-shared/channel-policy.js';
import { CHANNELS, type Channel } from '../../src-shared/contract.js';
import { unwrap } from '../../src-shared/result.js';
import { tempDir } from '../testing/vault-kit.js';
import type { ChannelsOf, HandlerMap, ServiceContext } from './handlers.js';
import { channelHandlers } from './router.js';
import { createKeywardService } from './service.js';
import { IN_PROCESS_CALLER, type ServiceOptions } from './types.js';

const PASS = 'correct horse battery staple';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function options(): Promise<ServiceOptions> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return testServiceOptions(dir);
}

describe('router: one handler per channel', () => {
  it('the combined groups serve every channel, and nothing else', () => {
    const ctx = {} as ServiceContext; // the groups only capture ctx when built; no handler is called here
    const handlers = channelHandlers(ctx);
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(typeof handlers[c], c).toBe('function');
  });

  it('a handler map or a policy table missing a channel does not compile', () => {
    const status: HandlerMap<ChannelsOf<'clock'>>['clock:get'] = async () => ({ Now: new Date(0), Virtual: false });
    // @ts-expect-error clock:advance has no handler
    const partial: HandlerMap<ChannelsOf<'clock'>> = { 'clock:get': status };
    const POLL: ChannelPolicy = { audited: false, activity: false, changesVault: false, readOnly: false };
    // @ts-expect-error every other channel has no policy
    const policies: { [C in Channel]: ChannelPolicy } = { 'vault:status': POLL };
    expect(Object.keys(partial)).toEqual(['clock:get']);
    expect(Object.keys(policies)).toEqual(['vault:status']);
  });
});

describe('service without an endpoint factory', () => {
  it('api:status reports the endpoint off; api:configure can only keep it off', async () => {
    const svc = await createKeywardService(await options());
    cleanups.unshift(() => svc.close());
    unwrap(await svc.invoke('vault:create', { Passphrase: PASS }));
    expect(unwrap(await svc.invoke('api:status', {}))).toEqual({ Enabled: false, Listening: false, Port: 4599, RequestCount: 0, Region: 'us-east-1', Source: 'settings' });
    expect(unwrap(await svc.invoke('api:configure', { Enabled: false }))).toMatchObject({ Enabled: false, Listening: false });
    const on = await svc.invoke('api:configure', { Enabled: true });
    expect(on.ok ? 'ok' : on.error.name).toBe('UnsupportedOperationException');
  });

  it('a run port with no endpoint fails startup and leaves the audit log free', async () => {
    const opts = await options();
    await expect(createKeywardService({ ...opts, kmsEndpointPort: 0 })).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
    const svc = await createKeywardService(opts);
    await svc.close();
  });
});

describe('invoke', () => {
  it('records calls without a caller as the in-process caller', async () => {
    const svc = await createKeywardService(await options());
    cleanups.unshift(() => svc.close());
    unwrap(await svc.invoke('vault:create', { Passphrase: PASS }));
    const { KeyMetadata } = unwrap(await svc.invoke('kms:CreateKey', { Description: 'typed' }));
    expect(KeyMetadata.Description).toBe('typed');
    const page = unwrap(await svc.invoke('audit:query', { eventName: 'CreateKey' }));
    expect(page.records.map((r) => [r.userAgent, r.sourceIPAddress])).toEqual([[IN_PROCESS_CALLER.userAgent, IN_PROCESS_CALLER.sourceIPAddress]]);
  });
});
