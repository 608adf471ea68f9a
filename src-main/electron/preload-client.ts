/** The preload's only logic, kept apart from 'electron' so tests can run it in plain Node. */
import type { Channel, ChannelResult, RequestOf, ResponseOf } from '../../src-shared/contract.js';
import type { KeywardBridge } from '../../src-shared/result.js';

/** ipcRenderer.invoke, as the preload uses it: resolves to whatever main answered. */
export type InvokeLike = (channel: string, request: unknown) => Promise<unknown>;

/**
 * `window.keyward`: every call resolves to main's ChannelResult exactly as it crossed IPC
 * (structured clone keeps Uint8Array and Date). Errors are values, so nothing is thrown
 * across contextBridge (which would keep only an Error's message, electron/electron#28346);
 * the page unwraps with src-shared/result.ts.
 */
export function createPreloadApi(invoke: InvokeLike): KeywardBridge {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ChannelResult<ResponseOf<C>>> {
      // Main answers every channel with a ChannelResult of that channel's response type; the
      // page checks its shape before trusting it (unwrapReply).
      return (await invoke(channel, request)) as ChannelResult<ResponseOf<C>>;
    },
  };
}
