/**
 * The preload: exposes exactly one typed object, `window.keyward`, and never ipcRenderer.
 * It holds no logic beyond unwrapping ChannelResult into a value or a rebuilt named error.
 * Built as CommonJS (out/preload/preload.cjs) because sandboxed preloads cannot be ESM.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { unwrapResult } from './preload-client.js';
import type { Channel, KeywardApi, RequestOf, ResponseOf } from '../../src-shared/contract.js';

const api: KeywardApi = {
  async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result: unknown = await ipcRenderer.invoke(channel, request);
    return unwrapResult(result) as ResponseOf<C>; // main answered this channel, so the value has its response type
  },
};

contextBridge.exposeInMainWorld('keyward', api);
