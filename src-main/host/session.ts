/**
 * The browser session of the headless host. The printed URL carries the run's token in its
 * fragment; the page trades it once (POST to HOST_BRIDGE.sessionPath) for a cookie the page's
 * scripts cannot read and other sites cannot make the browser send:
 * HttpOnly, SameSite=Strict, Path=/, and no Max-Age/Expires so it ends with the browser
 * session (MDN "Set-Cookie"; RFC 6265bis §5.6.7 for SameSite). The token then leaves the
 * address bar and is kept nowhere by the page (not in sessionStorage, which Chromium writes
 * to its session files).
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
