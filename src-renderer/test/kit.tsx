/**
 * Shared set-up for renderer unit tests: a fake API that answers chosen channels (mock
 * `getApi()` with it), the store reset between tests, and rendering inside MantineProvider.
 * Test-only; nothing in the app imports it.
 */
import { MantineProvider } from '@mantine/core';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { VaultStatus } from '../../src-shared/app';
import type { Channel, KeywardApi, RequestOf, ResponseOf } from '../../src-shared/contract';
import { UnsupportedOperationException } from '../../src-shared/kms/errors';
import type { KeyMetadata } from '../../src-shared/kms/types';
import { useStore } from '../stores/store';

/** Answers by channel; a handler may throw a KMS exception (e.g. `new NotFoundException(...)`). */
export type Handlers = { [C in Channel]?: (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

/** One invoke the fake API received. */
export interface Invocation {
  channel: Channel;
  request: unknown;
}

/** A fake API over `handlers`, with the list of calls it received. An unhandled channel fails with UnsupportedOperationException. */
export function fakeApi(handlers: Handlers): KeywardApi & { calls: Invocation[]; channels(): Channel[] } {
  const calls: Invocation[] = [];
  return {
    calls,
    channels: () => calls.map((c) => c.channel),
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      calls.push({ channel, request });
      const handler: ((request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>) | undefined = handlers[channel];
      if (!handler) throw new UnsupportedOperationException(`fake API: no handler for ${channel}`);
      return handler(request);
    },
  };
}

/**
 * The API a test installs: test files mock `getApi()` to return `testApi.current`, e.g.
 * `vi.mock('../api/client', async (orig) => ({ ...(await orig<object>()), getApi: () => testApi.current }))`.
 */
export const testApi: { current: KeywardApi } = { current: fakeApi({}) };

// happy-dom has no FontFaceSet; Mantine's autosize Textarea listens on document.fonts.
if (typeof document !== 'undefined' && !('fonts' in document && document.fonts)) {
  Object.defineProperty(document, 'fonts', { configurable: true, value: new EventTarget() });
}

const initialState = useStore.getState();

/** Put the one zustand store back to its state at start-up. */
export function resetStore(): void {
  useStore.setState(initialState, true);
}

/** Render inside MantineProvider, as the app does. */
export function renderUi(ui: ReactNode): RenderResult {
  return render(<MantineProvider>{ui}</MantineProvider>);
}

/** A wrapper for renderHook that provides Mantine. */
export function MantineWrapper({ children }: { children: ReactNode }) {
  return <MantineProvider>{children}</MantineProvider>;
}

/** KeyMetadata as DescribeKey returns it for a new symmetric key; `patch` changes what a test needs. */
export function keyMeta(keyId: string, patch: Partial<KeyMetadata> = {}): KeyMetadata {
  return {
    AWSAccountId: '111122223333',
    KeyId: keyId,
    Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
    CreationDate: new Date('2026-01-02T03:04:05Z'),
    Enabled: true,
    Description: '',
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...patch,
  };
}

/** vault:status of an existing vault, unlocked unless `patch` says otherwise. */
export function vaultStatus(patch: Partial<VaultStatus> = {}): VaultStatus {
  return {
    exists: true, unlocked: true, vaultPath: '/tmp/vault.kwv', keychainAvailable: false, hasKeychainSlot: false,
    idleLockMinutes: 15, accountId: '111122223333', region: 'us-east-1', ...patch,
  };
}
