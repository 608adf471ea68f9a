/**
 * The one way the renderer reaches the main process: `window.keyward` from the Electron
 * preload, or, in browser mode (the headless host), the same contract over HTTP.
 */
import {
  HOST_BRIDGE, type Channel, type KeywardApi, type RequestOf, type ResponseOf,
} from '../../src-shared/contract';
import { errorFromWire, KMSInternalException, AccessDeniedException } from '../../src-shared/kms/errors';
import { decodeWire, encodeWire } from '../../src-shared/wire';
import { rebuildBridgedError } from './errors';

/** The per-run bridge token lives here for the tab's lifetime. It is not a key secret. */
export const TOKEN_STORAGE_KEY = 'keyward.bridgeToken';

type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

/**
 * Unwrap a decoded bridge response: `{ok: true, value}` -> value; `{ok: false, error}` ->
 * throw the named error. Anything else is a transport fault.
 */
export function unwrapResult(decoded: unknown, httpStatus = 200): unknown {
  if (decoded !== null && typeof decoded === 'object' && 'ok' in decoded) {
    if (decoded.ok === true && 'value' in decoded) return decoded.value;
    if (decoded.ok === false && 'error' in decoded) {
      const err = decoded.error;
      if (err !== null && typeof err === 'object' && 'name' in err && 'message' in err
        && typeof err.name === 'string' && typeof err.message === 'string') {
        throw errorFromWire({ name: err.name, message: err.message });
      }
    }
  }
  if (httpStatus === 401 || httpStatus === 403) {
    throw new AccessDeniedException('The host refused the request. Open the URL the host printed (it carries a fresh token).');
  }
  throw new KMSInternalException(`Unexpected response from the host (HTTP ${httpStatus})`);
}

export interface BrowserApiOptions {
  token: string | null;
  fetch: FetchLike;
  /** Base URL of the host; '' means same origin. */
  baseUrl?: string;
}

/** KeywardApi over the headless host's HTTP bridge. */
export function createBrowserApi(options: BrowserApiOptions): KeywardApi {
  const url = `${options.baseUrl ?? ''}${HOST_BRIDGE.path}`;
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers[HOST_BRIDGE.tokenHeader] = options.token;
      let status: number;
      let text: string;
      try {
        const res = await options.fetch(url, { method: 'POST', headers, body: encodeWire({ channel, request }) });
        status = res.status;
        text = await res.text();
      } catch {
        throw new KMSInternalException('Cannot reach the Keyward host. Is it still running?');
      }
      let decoded: unknown;
      try {
        decoded = decodeWire(text);
      } catch {
        decoded = undefined;
      }
      // The host answers with the channel's response type for this channel (the contract);
      // decodeWire restored its Dates and Uint8Arrays.
      return unwrapResult(decoded, status) as ResponseOf<C>;
    },
  };
}

interface TokenEnv {
  hash: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** Replace the visible URL without the fragment. */
  clearHash(): void;
}

/**
 * Take `#token=...` from the URL on first load, keep it in sessionStorage, and remove it
 * from the address bar (and history) so it is not shoulder-surfed or bookmarked.
 */
export function takeBridgeToken(env: TokenEnv): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(env.hash);
  if (m?.[1]) {
    const token = decodeURIComponent(m[1]);
    env.storage.setItem(TOKEN_STORAGE_KEY, token);
    env.clearHash();
    return token;
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY);
}

let cached: KeywardApi | undefined;

/** window.keyward in Electron, else the browser-mode shim. */
export function getApi(): KeywardApi {
  if (cached) return cached;
  const bridge = window.keyward;
  if (bridge) {
    cached = {
      // Rebuild named errors that lost their class crossing contextBridge (see errors.ts).
      invoke: (channel, request) => bridge.invoke(channel, request).catch((e: unknown) => Promise.reject(rebuildBridgedError(e))),
    };
    return cached;
  }
  const token = takeBridgeToken({
    hash: window.location.hash,
    storage: window.sessionStorage,
    clearHash: () => window.history.replaceState(null, '', window.location.pathname + window.location.search),
  });
  cached = createBrowserApi({ token, fetch: (input, init) => window.fetch(input, { ...init, credentials: 'same-origin', cache: 'no-store' }) });
  return cached;
}

/** Browser mode (no preload): e.g. to explain that the keychain belongs to the host. */
export function isBrowserMode(): boolean {
  return !window.keyward;
}
