/**
 * The one way the renderer reaches the main process: `window.keyward` from the Electron
 * preload, or, in browser mode (the headless host), the same contract over HTTP. Both
 * answer ChannelResults, which `unwrapReply` (src-shared/result.ts) turns into a value or a
 * thrown named exception.
 */
import {
  HOST_BRIDGE, type Channel, type KeywardApi, type RequestOf, type ResponseOf,
} from '../../src-shared/contract';
import { KMSInternalException, AccessDeniedException, type KeywardError } from '../../src-shared/kms/errors';
import { unwrapReply, type KeywardBridge } from '../../src-shared/result';
import { decodeTyped, encodeJson } from '../../src-shared/wire';

/** Where an earlier version kept the token; cleared on load (Chromium writes sessionStorage to its session files). */
export const TOKEN_STORAGE_KEY = 'keyward.bridgeToken';

type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

/** Why a bridge reply is not a ChannelResult: a refused token, or a transport fault. */
function bridgeFault(httpStatus: number): () => KeywardError {
  return () => httpStatus === 401 || httpStatus === 403
    ? new AccessDeniedException('The host refused the request. Open the URL the host printed (it carries a fresh token).')
    : new KMSInternalException(`Unexpected response from the host (HTTP ${httpStatus})`);
}

export interface BrowserApiOptions {
  /** Sent on every call when set (scripts, tests); the page leaves it null and relies on the session cookie. */
  token: string | null;
  fetch: FetchLike;
  /** Settles once the token exchange is over (see `exchangeBridgeToken`); calls wait for it. */
  ready?: Promise<void>;
  /** Base URL of the host; '' means same origin. */
  baseUrl?: string;
}

/** KeywardApi over the headless host's HTTP bridge. */
export function createBrowserApi(options: BrowserApiOptions): KeywardApi {
  const url = `${options.baseUrl ?? ''}${HOST_BRIDGE.path}`;
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      await options.ready;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers[HOST_BRIDGE.tokenHeader] = options.token;
      let status: number;
      let text: string;
      try {
        const res = await options.fetch(url, { method: 'POST', headers, body: encodeJson({ channel, request }) });
        status = res.status;
        text = await res.text();
      } catch {
        throw new KMSInternalException('Cannot reach the Keyward host. Is it still running?');
      }
      let decoded: unknown;
      try {
        decoded = decodeTyped(text);
      } catch {
        decoded = undefined;
      }
      // The host answers this channel's response type (the contract); decodeTyped restored
      // its Dates and Uint8Arrays.
      return unwrapReply<ResponseOf<C>>(decoded, bridgeFault(status));
    },
  };
}

interface TokenEnv {
  hash: string;
  storage: Pick<Storage, 'removeItem'>;
  /** Replace the visible URL without the fragment. */
  clearHash(): void;
}

/**
 * Take `#token=...` from the URL on first load and remove it from the address bar and the
 * history entry (History API `replaceState`, MDN) so it is not shoulder-surfed, bookmarked or
 * restored. The token is kept nowhere: `exchangeBridgeToken` trades it for the session cookie.
 */
export function takeBridgeToken(env: TokenEnv): string | null {
  env.storage.removeItem(TOKEN_STORAGE_KEY);
  const m = /(?:^#|&)token=([^&]+)/.exec(env.hash);
  if (!m?.[1]) return null;
  env.clearHash();
  return decodeURIComponent(m[1]);
}

/**
 * Trade the printed token for the host's session cookie (POST to HOST_BRIDGE.sessionPath; the
 * answer's Set-Cookie is HttpOnly and SameSite=Strict, so page scripts never hold it). Never
 * rejects: a refused or failed exchange shows up as the first call's AccessDeniedException.
 */
export async function exchangeBridgeToken(token: string, fetch: FetchLike, baseUrl = ''): Promise<void> {
  try {
    await fetch(`${baseUrl}${HOST_BRIDGE.sessionPath}`, { method: 'POST', headers: { [HOST_BRIDGE.tokenHeader]: token }, body: '' });
  } catch {
    // the call that follows reports the host unreachable
  }
}

/** KeywardApi over the Electron preload's `window.keyward`, which answers ChannelResults. */
export function createPreloadApi(bridge: KeywardBridge): KeywardApi {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const reply: unknown = await bridge.invoke(channel, request);
      return unwrapReply<ResponseOf<C>>(reply);
    },
  };
}

let cached: KeywardApi | undefined;

/** window.keyward in Electron, else the browser-mode shim. */
export function getApi(): KeywardApi {
  if (cached) return cached;
  const bridge = window.keyward;
  if (bridge) {
    cached = createPreloadApi(bridge);
    return cached;
  }
  const fetch: FetchLike = (input, init) => window.fetch(input, { ...init, credentials: 'same-origin', cache: 'no-store' });
  const token = takeBridgeToken({
    hash: window.location.hash,
    storage: window.sessionStorage,
    clearHash: () => window.history.replaceState(null, '', window.location.pathname + window.location.search),
  });
  // Without a token in the URL (a reload), the cookie from the earlier exchange is used.
  cached = createBrowserApi({ token: null, fetch, ready: token === null ? Promise.resolve() : exchangeBridgeToken(token, fetch) });
  return cached;
}

/** Browser mode (no preload): e.g. to explain that the keychain belongs to the host. */
export function isBrowserMode(): boolean {
  return !window.keyward;
}
