/**
 * Results cross every process edge as values: `{ ok: true, value }` or `{ ok: false, error }`
 * (compare Signal-Desktop's `{ok, value|error}` IPC replies). `unwrap` is the one place a
 * result becomes a value or a thrown named KMS/Keyward exception, for every transport.
 */
import type { ChannelResult } from './contract.js';
import { errorFromWire, type KeywardError } from './kms/errors.js';

/**
 * The value of an ok result; otherwise throws the named exception rebuilt from the wire
 * error (unknown names become KMSInternalException).
 */
export function unwrap<T>(result: ChannelResult<T>): T {
  if (result.ok) return result.value;
  throw errorFromWire(result.error) satisfies KeywardError;
}
