import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type ChannelResult } from '../../src-shared/contract.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { ACCESS_DENIED_MESSAGE, registerIpc, type InvokeEventLike, type IpcMainLike } from './ipc.js';
import type { AppLocation } from './security.js';

type Listener = (event: InvokeEventLike, payload: unknown) => Promise<ChannelResult>;

function fakeIpcMain(): IpcMainLike & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
}

const location: AppLocation = { kind: 'app', indexUrl: 'app://keyward/index.html' };
const appUrl = 'app://keyward/index.html#/keys';

function setup() {
  const calls: { channel: string; payload: unknown; caller: CallerContext }[] = [];
  const service: KeywardService = {
    handle: vi.fn(async (channel: string, payload: unknown, caller: CallerContext) => {
      calls.push({ channel, payload, caller });
      return { ok: true, value: { echoed: channel } } as const;
    }),
    close: async () => {},
  };
  const ipcMain = fakeIpcMain();
  const unregister = registerIpc({ ipcMain, service, location, trustedWebContentsIds: () => new Set([1]), userAgent: 'Keyward/0.1.0 Electron/45.5.0' });
  return { calls, ipcMain, unregister };
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

function invoke(ipcMain: { handlers: Map<string, Listener> }, channel: string, event: InvokeEventLike, payload: unknown): Promise<ChannelResult> {
  const listener = ipcMain.handlers.get(channel);
  if (listener === undefined) throw new Error(`no handler for ${channel}`);
  return listener(event, payload);
}

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel', () => {
    const { ipcMain, unregister } = setup();
    cleanup = unregister;
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('forwards a trusted call with the IPC caller context, payload untouched', async () => {
    const { ipcMain, calls, unregister } = setup();
    cleanup = unregister;
    const payload = { KeyId: 'alias/x', Plaintext: new Uint8Array([1]) };
    const result = await invoke(ipcMain, 'kms:Encrypt', { sender: { id: 1 }, senderFrame: { url: appUrl, parent: null } }, payload);
    expect(result).toEqual({ ok: true, value: { echoed: 'kms:Encrypt' } });
    expect(calls).toEqual([
      { channel: 'kms:Encrypt', payload, caller: { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent: 'Keyward/0.1.0 Electron/45.5.0' } },
    ]);
  });

  it.each([
    ['another webContents', { sender: { id: 2 }, senderFrame: { url: appUrl, parent: null } }],
    ['a sub-frame', { sender: { id: 1 }, senderFrame: { url: appUrl, parent: {} } }],
    ['a foreign page', { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a disposed frame', { sender: { id: 1 }, senderFrame: null }],
  ])('answers AccessDeniedException to %s without calling the service', async (_label, event) => {
    const { ipcMain, calls, unregister } = setup();
    cleanup = unregister;
    const result = await invoke(ipcMain, 'vault:status', event, {});
    expect(result).toEqual({ ok: false, error: { name: 'AccessDeniedException', message: ACCESS_DENIED_MESSAGE, fault: 'client' } });
    expect(calls).toHaveLength(0);
  });

  it('treats a frame whose getter throws (disposed mid-call) as untrusted', async () => {
    const { ipcMain, calls, unregister } = setup();
    cleanup = unregister;
    const event: InvokeEventLike = {
      sender: { id: 1 },
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    const result = await invoke(ipcMain, 'vault:status', event, {});
    expect(result.ok).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('refuses to register twice and unregisters every channel', () => {
    const { ipcMain, unregister } = setup();
    expect(() => registerIpc({ ipcMain: fakeIpcMain(), service: { handle: async () => ({ ok: true, value: null }), close: async () => {} }, location, trustedWebContentsIds: () => new Set(), userAgent: 'x' })).toThrow(/already registered/);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
