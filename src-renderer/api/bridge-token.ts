/**
 * Browser mode's first step, run by the page's first module before anything else: take the
 * printed token out of the URL (`#token=…`) and out of the session history entry with the
 * History API's `replaceState` (MDN "History: replaceState() method"), so no later script,
 * screenshot, bookmark or session restore sees it. The token is then held only in this
 * module's variable until `getApi` takes it, once, to trade it for the session cookie; the
 * host accepts that trade once, so the copy the browser's history database keeps of the
 * typed URL opens nothing afterwards.
 *
 * Imports nothing, so evaluating it runs no other module's code first.
 */

/** Where an earlier version kept the token; cleared on load (Chromium writes sessionStorage to its session files). */
export const TOKEN_STORAGE_KEY = 'keyward.bridgeToken';

/** What `takeBridgeToken` reads and changes: the URL's fragment, storage, the history entry. */
export interface TokenEnv {
  hash: string;
  storage: Pick<Storage, 'removeItem'>;
  /** Replace the visible URL and its history entry without the fragment. */
  clearHash(): void;
}

/**
 * Take `#token=...` from the URL and remove it from the address bar and the history entry.
 * Returns the token (percent-decoded), or null when the URL carries none (a reload).
 */
export function takeBridgeToken(env: TokenEnv): string | null {
  env.storage.removeItem(TOKEN_STORAGE_KEY);
  const m = /(?:^#|&)token=([^&]+)/.exec(env.hash);
  if (!m?.[1]) return null;
  env.clearHash();
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null; // not percent-encoded properly: not a token the host printed
  }
}

let captured: string | null = null;

/** Run once at load, in a browser page without the Electron preload. */
function captureFromWindow(): void {
  if (typeof window === 'undefined' || window.keyward) return;
  captured = takeBridgeToken({
    hash: window.location.hash,
    storage: window.sessionStorage,
    clearHash: () => window.history.replaceState(null, '', window.location.pathname + window.location.search),
  });
}
captureFromWindow();

/** The token captured at load, handed out once (later calls get null). */
export function takeCapturedToken(): string | null {
  const token = captured;
  captured = null;
  return token;
}
