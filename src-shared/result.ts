/**
 * Results cross every process edge as values: `{ ok: true, value }` or `{ ok: false, error }`
 * (compare Signal-Desktop's `{ok, value|error}` IPC replies). The preload hands them to the
 * page as they are; `unwrap` is the one place a result becomes a value or a thrown named
 * KMS/Keyward exception, for every transport (Electron IPC and the browser bridge).
 */
import type { Channel, ChannelResult, RequestOf, ResponseOf } from './contract.js';
import { errorFromWire, KMSInternalException, type KeywardError, type WireError } from './kms/errors.js';

/**
 * What the Electron preload exposes to the page (as `keyward` on its global object): each call resolves to the main
 * process's ChannelResult, unchanged (an error is a value, not a thrown "Name: message").
 */
export interface KeywardBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ChannelResult<ResponseOf<C>>>;
}

function isWireError(e: unknown): e is WireError {
  if (e === null || typeof e !== 'object' || !('name' in e) || !('message' in e)) return false;
  if (typeof e.name !== 'string' || typeof e.message !== 'string') return false;
  return !('fault' in e) || e.fault === undefined || e.fault === 'client' || e.fault === 'server';
}

/** A well-formed ChannelResult (`error` carries a string name and message). */
export function isChannelResult(x: unknown): x is ChannelResult {
  if (x === null || typeof x !== 'object' || !('ok' in x)) return false;
  if (x.ok === true) return 'value' in x;
  return x.ok === false && 'error' in x && isWireError(x.error);
}

/**
 * The value of an ok result; otherwise throws the named exception rebuilt from the wire
 * error (unknown names become KMSInternalException).
 */
export function unwrap<T>(result: ChannelResult<T>): T {
  if (result.ok) return result.value;
  throw errorFromWire(result.error) satisfies KeywardError;
}

/**
 * `unwrap` for a result read from a transport, not yet trusted: anything not shaped like a
 * ChannelResult throws `fallback()` (by default KMSInternalException "Malformed reply").
 */
export function unwrapReply<T>(reply: unknown, fallback: () => KeywardError = malformed): T {
  if (!isChannelResult(reply)) throw fallback();
  // The transport answered this call's channel, whose response type is T (the contract).
  return unwrap(reply as ChannelResult<T>);
}

function malformed(): KeywardError {
  return new KMSInternalException('Malformed reply from the main process.');
}
