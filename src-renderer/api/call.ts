/**
 * `call(channel, request)`: invoke a channel and, when it fails, show a notification titled
 * with the exception name (e.g. "DisabledException") before rethrowing.
 */
import { notifications } from '@mantine/notifications';
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract';
import { getApi } from './client';
import { toNamedError } from './errors';

export interface CallOptions {
  /** Do not notify (the caller shows the error itself, e.g. an inline form error). */
  silent?: boolean;
  /** Reuse one notification for repeated failures (e.g. polling). */
  notificationId?: string;
}

type LockedListener = () => void;
const lockedListeners = new Set<LockedListener>();

/** Called whenever a call fails with VaultLockedException (idle auto-lock in main). */
export function onVaultLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

/**
 * What to show for the exceptions AWS KMS sends with an empty message (the endpoint sends
 * them empty too, as AWS does): an explanation keyed by the exception name.
 */
export const EMPTY_MESSAGE_EXPLANATIONS: Readonly<Record<string, string>> = {
  InvalidCiphertextException: 'The ciphertext cannot be decrypted: it was changed, made under another key or vault, or the encryption context is not the one used to encrypt.',
  KMSInvalidSignatureException: 'The signature is not valid for this message, key and signing algorithm.',
  KMSInvalidMacException: 'The MAC is not valid for this message, key and MAC algorithm.',
};

/** The message to show for an error: its own, or the explanation above when it came empty. */
export function shownMessage(e: unknown): string {
  const { name, message } = toNamedError(e);
  const empty = message === '' || message === name; // toNamedError shows an empty message as the name
  return empty ? (EMPTY_MESSAGE_EXPLANATIONS[name] ?? message) : message;
}

export function notifyError(e: unknown, id?: string): void {
  const { name } = toNamedError(e);
  notifications.show({
    ...(id === undefined ? {} : { id }),
    title: name,
    message: shownMessage(e),
    color: 'red',
    autoClose: 8000,
    withBorder: true,
  });
}

export function notifySuccess(message: string, title = 'Done'): void {
  notifications.show({ title, message, color: 'teal', autoClose: 3000, withBorder: true });
}

export async function call<C extends Channel>(channel: C, request: RequestOf<C>, options: CallOptions = {}): Promise<ResponseOf<C>> {
  try {
    return await getApi().invoke(channel, request);
  } catch (e) {
    const { name } = toNamedError(e);
    // Calls in flight when the vault locks all fail alike: one notification, not one each.
    const id = options.notificationId ?? (name === 'VaultLockedException' ? 'vault-locked' : undefined);
    if (!options.silent) notifyError(e, id);
    if (name === 'VaultLockedException') for (const l of lockedListeners) l();
    throw e;
  }
}

/** Run a call for its effect; the failure was already notified, so swallow it. */
export async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch {
    return undefined;
  }
}

/** Run async work over items with at most `limit` in flight (N DescribeKey calls). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!); // i < items.length
    }
  });
  await Promise.all(workers);
  return out;
}
