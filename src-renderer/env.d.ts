import type { KeywardApi } from '../src-shared/contract';

declare global {
  interface Window {
    /** Defined by the Electron preload (contextBridge); absent in browser mode. */
    readonly keyward?: KeywardApi;
  }
}

export {};
