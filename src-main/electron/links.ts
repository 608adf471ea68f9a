/**
 * Which links leave the app, and how. Electron's security checklist: "Limit navigation"
 * and "Limit creation of new windows", and never hand untrusted URLs to
 * `shell.openExternal` (https://www.electronjs.org/docs/latest/tutorial/security, items 13
 * to 15). Keyward's pages link only to AWS documentation and pricing, so only those https
 * origins may open, in the system browser, after the user confirms; every other URL is
 * refused. No `electron` import: window.ts adapts the dialog and the shell to these shapes.
 */

/** The https origins the UI links to (AWS documentation and the KMS pricing page). */
export const EXTERNAL_ORIGINS: readonly string[] = ['https://docs.aws.amazon.com', 'https://aws.amazon.com'];

/** The verdict on a URL the page tried to open or navigate to. */
export type LinkVerdict = { kind: 'ask'; url: string; origin: string } | { kind: 'deny'; reason: string };

/** Longest URL considered (longer ones are refused outright). */
const MAX_URL = 2048;

/**
 * Decide on `url`: 'ask' for an https URL on an allow-listed origin (default port, no user
 * name or password; the URL is re-serialised, so what is shown is what opens), 'deny' for
 * anything else, with why.
 */
export function externalLinkVerdict(url: string, allowed: readonly string[] = EXTERNAL_ORIGINS): LinkVerdict {
  if (url.length > MAX_URL) return { kind: 'deny', reason: 'the address is too long' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: 'deny', reason: 'not a valid address' };
  }
  if (u.protocol !== 'https:') return { kind: 'deny', reason: `${u.protocol} links are not opened` };
  if (u.username !== '' || u.password !== '') return { kind: 'deny', reason: 'the address carries a user name or password' };
  if (!allowed.includes(u.origin)) return { kind: 'deny', reason: `${u.host} is not on Keyward's list of documentation sites` };
  return { kind: 'ask', url: u.href, origin: u.origin };
}

/** What opening a link needs from Electron: a confirmation and the system browser. */
export interface LinkOpenerDeps {
  /** Ask the user; true to open. `url` is the exact address that will open. */
  confirm(url: string, origin: string): Promise<boolean>;
  /** shell.openExternal. */
  openExternal(url: string): Promise<void>;
  /** Told about refused links (never their query strings: they may hold anything). */
  onDenied?(reason: string): void;
}

/** The outcome of one attempt to open a link. */
export type LinkOutcome = 'opened' | 'declined' | 'denied';

/**
 * The one path by which a link leaves the app: the verdict, then the user's confirmation,
 * then the system browser. Never throws; a failed confirmation or launch counts as declined.
 */
export function createLinkOpener(deps: LinkOpenerDeps, allowed: readonly string[] = EXTERNAL_ORIGINS): (url: string) => Promise<LinkOutcome> {
  return async (url) => {
    const verdict = externalLinkVerdict(url, allowed);
    if (verdict.kind === 'deny') {
      deps.onDenied?.(verdict.reason);
      return 'denied';
    }
    try {
      if (!(await deps.confirm(verdict.url, verdict.origin))) return 'declined';
      await deps.openExternal(verdict.url);
      return 'opened';
    } catch {
      return 'declined';
    }
  };
}
