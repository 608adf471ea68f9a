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
import { takeCapturedToken } from './bridge-token';

export { takeBridgeToken, TOKEN_STORAGE_KEY } from './bridge-token';

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

/** The host's refusal of the token exchange (e.g. a link already used), if it gave one. */
export type ExchangeOutcome = { refused: string } | undefined;

export interface BrowserApiOptions {
  /** Sent on every call when set (scripts, tests); the page leaves it null and relies on the session cookie. */
  token: string | null;
  fetch: FetchLike;
  /** Settles once the token exchange is over (see `exchangeBridgeToken`); calls wait for it. */
  ready?: Promise<ExchangeOutcome | void>;
  /** Base URL of the host; '' means same origin. */
  baseUrl?: string;
}

/** KeywardApi over the headless host's HTTP bridge. */
export function createBrowserApi(options: BrowserApiOptions): KeywardApi {
  const url = `${options.baseUrl ?? ''}${HOST_BRIDGE.path}`;
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const exchanged = await options.ready;
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
      // A refused call after a refused exchange: the exchange's reason says what to do.
      if (exchanged && status === 401) throw new AccessDeniedException(exchanged.refused);
      // The host answers this channel's response type (the contract); decodeTyped restored
      // its Dates and Uint8Arrays.
      return unwrapReply<ResponseOf<C>>(decoded, bridgeFault(status));
    },
  };
}

/**
 * Trade the printed token for the host's session cookie (POST to HOST_BRIDGE.sessionPath; the
 * answer's Set-Cookie is HttpOnly and SameSite=Strict, so page scripts never hold it). The
 * host accepts a token once. Never rejects: a refused exchange resolves to the host's reason
 * (shown by the first call that the host refuses too: a page still holding the session
 * cookie goes on working); a failed one to undefined (the call reports the host unreachable).
 */
export async function exchangeBridgeToken(token: string, fetch: FetchLike, baseUrl = ''): Promise<ExchangeOutcome> {
  try {
    const res = await fetch(`${baseUrl}${HOST_BRIDGE.sessionPath}`, { method: 'POST', headers: { [HOST_BRIDGE.tokenHeader]: token }, body: '' });
    if (res.status !== 401) return undefined;
    const reply: unknown = decodeTyped(await res.text());
    return { refused: refusalMessage(reply) };
  } catch {
    return undefined; // the call that follows reports the host unreachable
  }
}

/** The message of a refused ChannelResult, or a generic one. */
function refusalMessage(reply: unknown): string {
  if (reply !== null && typeof reply === 'object' && 'error' in reply) {
    const { error } = reply;
    if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message.slice(0, 512);
  }
  return 'The host refused the token. Open the URL the host printed.';
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
  // Taken out of the URL by ./bridge-token, the page's first module, before anything else ran.
  const token = takeCapturedToken();
  // Without a token in the URL (a reload), the cookie from the earlier exchange is used.
  cached = createBrowserApi({ token: null, fetch, ready: token === null ? Promise.resolve() : exchangeBridgeToken(token, fetch) });
  return cached;
}

/** Browser mode (no preload): e.g. to explain that the keychain belongs to the host. */
export function isBrowserMode(): boolean {
  return !window.keyward;
}
