/** Reading a thrown value as a named error, for notifications. Pure. */
import { errorFromWire, type KeywardError } from '../../src-shared/kms/errors';

export interface NamedError {
  name: string;
  message: string;
}

/**
 * contextBridge passes a thrown error into the page as a plain Error with only its message,
 * so the preload prefixes the message with the exception name: "DisabledException: …".
 * (ipcRenderer.invoke may also add "Error invoking remote method '…': ".)
 */
const BRIDGED = /^(?:Error invoking remote method '[^']*': )?(?:Error: )?([A-Z][A-Za-z0-9]*(?:Exception|Error)): ([\s\S]*)$/;

/** Rebuild the named KeywardError from an error that crossed contextBridge, if it did. */
export function rebuildBridgedError(e: unknown): unknown {
  if (e instanceof Error && e.name === 'Error') {
    const m = BRIDGED.exec(e.message);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const rebuilt: KeywardError = errorFromWire({ name: m[1], message: m[2] });
      // Unknown names come back as KMSInternalException("Name: msg"); keep the name visible.
      return rebuilt;
    }
  }
  return e;
}

/**
 * Errors from the preload or the browser shim are KeywardErrors; anything else (a bug, a
 * TypeError) is shown by its own name rather than hidden.
 */
export function toNamedError(e: unknown): NamedError {
  const err = rebuildBridgedError(e);
  if (err !== null && typeof err === 'object' && 'name' in err && 'message' in err
    && typeof err.name === 'string' && typeof err.message === 'string') {
    return { name: err.name, message: err.message || err.name };
  }
  return { name: 'Error', message: String(err) };
}
