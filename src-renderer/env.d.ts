import type { KeywardBridge } from '../src-shared/result';

declare global {
  interface Window {
    /** Defined by the Electron preload (contextBridge), answering ChannelResults; absent in browser mode. */
    readonly keyward?: KeywardBridge;
  }
}

export {};
