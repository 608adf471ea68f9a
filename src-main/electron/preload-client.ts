/** The preload's only logic, kept apart from 'electron' so tests can run it in plain Node. */
import { errorFromWire, type KeywardError } from '../../src-shared/kms/errors.js';

/**
 * contextBridge copies an Error thrown into the page as a plain Error carrying only its
 * `message` (electron/electron#28346: errors are rebuilt from their message in the
 * destination world), so the exception's `name` would be lost. The message therefore
 * starts with the name, "DisabledException: <message>", and the page can rebuild the
 * named error from that prefix.
 */
export function bridgeError(w: { name: string; message: string }): KeywardError {
  const e = errorFromWire(w);
  e.message = `${e.name}: ${e.message}`;
  return e;
}

/**
 * ok → value; error → the named KMS/Keyward exception rebuilt from {name, message}.
 * Anything not shaped like a ChannelResult is a transport fault.
 */
export function unwrapResult(result: unknown): unknown {
  if (result !== null && typeof result === 'object' && 'ok' in result) {
    if (result.ok === true && 'value' in result) return result.value;
    if (result.ok === false && 'error' in result) {
      const e = result.error;
      if (e !== null && typeof e === 'object' && 'name' in e && 'message' in e && typeof e.name === 'string' && typeof e.message === 'string') {
        throw bridgeError({ name: e.name, message: e.message });
      }
    }
  }
  throw bridgeError({ name: 'KMSInternalException', message: 'Malformed reply from the main process.' });
}

