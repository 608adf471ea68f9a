/**
 * The browser session of the headless host. The printed URL carries the run's token in its
 * fragment; the page trades it once (POST to HOST_BRIDGE.sessionPath) for a cookie the page's
 * scripts cannot read and other sites cannot make the browser send:
 * HttpOnly, SameSite=Strict, Path=/, and no Max-Age/Expires so it ends with the browser
 * session (MDN "Set-Cookie"; RFC 6265bis §5.6.7 for SameSite). The token then leaves the
 * address bar and is kept nowhere by the page (not in sessionStorage, which Chromium writes
 * to its session files).
 *
 * The exchange is single use (PrintedToken): the browser's history keeps the URL it was
 * opened with whatever the page does afterwards (History API `replaceState` only rewrites the
 * session entry, MDN "History: replaceState() method"), so the token in it must open nothing
 * once traded.
 */
import { sha256 } from '../crypto/hash.js';
import { equalBytes } from '../crypto/random.js';
import { utf8 } from '../../src-shared/wire.js';

/**
 * The cookie's name for a run on `port`. Cookies are not isolated by port (RFC 6265 §8.5),
 * so the port in the name keeps two hosts on one machine from overwriting each other's.
 */
export function sessionCookieName(port: number): string {
  return `keyward_session_${port}`;
}

/** The Set-Cookie value that starts the browser session. */
export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of cookie `name` in a Cookie header ("a=1; b=2"), or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Constant-time comparison of a presented secret with the expected one (any lengths). */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  // Hashing first gives equal-length inputs, so the comparison never leaks the length.
  return equalBytes(sha256(utf8.encode(presented)), sha256(utf8.encode(expected)));
}

/** The refusal a spent token gets at the exchange (the host has printed a new link meanwhile). */
export const SPENT_LINK_MESSAGE =
  'This Keyward link was already used: each printed link opens one browser session. The host has printed a new link where it was started; open that one.';

/** What the exchange made of a presented token. */
export type ExchangeVerdict = 'accepted' | 'spent' | 'wrong';

/**
 * The run's printed token, usable once. Until it is exchanged for the session cookie it also
 * authenticates bridge calls sent with it in the token header (scripts, tests, benchmarks);
 * the exchange spends it for both. Presenting a spent token again is told apart from a wrong
 * one, so the host can print a new link (`renew`) for a browser reopened from its history.
 */
export class PrintedToken {
  private token: string;
  /** Tokens already traded: presenting one again is 'spent', never 'accepted'. */
  private readonly spent: string[] = [];

  /** `initial`: the token printed at start; `mint`: a fresh random token for `renew`. */
  constructor(initial: string, private readonly mint: () => string) {
    this.token = initial;
  }

  /** The token that is valid now, or the last one spent when none is. */
  get current(): string {
    return this.token;
  }

  /** The token exchange: 'accepted' spends the token; a spent or wrong one changes nothing. */
  exchange(presented: string | undefined): ExchangeVerdict {
    if (this.isLive() && secretMatches(presented, this.token)) {
      this.spent.push(this.token);
      return 'accepted';
    }
    return this.spent.some((t) => secretMatches(presented, t)) ? 'spent' : 'wrong';
  }

  /** A bridge call carrying the token header: only an unspent token counts. */
  allowsCall(presented: string | undefined): boolean {
    return this.isLive() && secretMatches(presented, this.token);
  }

  /** Replace a spent token by a fresh one and return it (for the new link). */
  renew(): string {
    if (this.isLive()) return this.token;
    this.token = this.mint();
    return this.token;
  }

  private isLive(): boolean {
    return !this.spent.includes(this.token);
  }
}
