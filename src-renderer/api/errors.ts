/** Reading a thrown value as a named error, for notifications. Pure. */

export interface NamedError {
  name: string;
  message: string;
}

/**
 * Errors from the preload or the browser shim are rebuilt KeywardErrors; anything else
 * (a bug, a TypeError) is shown by its own name rather than hidden.
 */
export function toNamedError(e: unknown): NamedError {
  if (e !== null && typeof e === 'object' && 'name' in e && 'message' in e
    && typeof e.name === 'string' && typeof e.message === 'string') {
    // Electron's ipcRenderer.invoke prefixes "Error invoking remote method '…': "; drop it.
    const message = e.message.replace(/^Error invoking remote method '[^']*': (?:\w+: )?/, '');
    return { name: e.name, message: message || e.name };
  }
  return { name: 'Error', message: String(e) };
}
