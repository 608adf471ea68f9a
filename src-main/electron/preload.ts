/**
 * The preload: exposes exactly one typed object, `window.keyward`, and never ipcRenderer.
 * It holds no logic: each call resolves to main's ChannelResult as it is.
 * Built as CommonJS (out/preload/preload.cjs) because sandboxed preloads cannot be ESM.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-client.js';

contextBridge.exposeInMainWorld('keyward', createPreloadApi((channel, request) => ipcRenderer.invoke(channel, request)));
