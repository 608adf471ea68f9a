/** Reading a thrown value as a named error, for notifications. Pure. */

export interface NamedError {
  name: string;
  message: string;
}

/**
 * Errors from getApi() are KeywardErrors rebuilt by name from ChannelResults; anything else
 * (a bug, a TypeError) is shown by its own name rather than hidden.
 */
export function toNamedError(e: unknown): NamedError {
  if (e !== null && typeof e === 'object' && 'name' in e && 'message' in e
    && typeof e.name === 'string' && typeof e.message === 'string') {
    return { name: e.name, message: e.message || e.name };
  }
  return { name: 'Error', message: String(e) };
}
