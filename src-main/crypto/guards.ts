/** Guards for exported crypto edges, in noble's abytes style: TypeError for type, RangeError for size. */
export function aBytes(value: unknown, label: string, ...lengths: number[]): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`"${label}" expected Uint8Array, got ${typeof value}`);
  if (lengths.length > 0 && !lengths.includes(value.length)) {
    throw new RangeError(`"${label}" expected Uint8Array of length ${lengths.join(' or ')}, got length=${value.length}`);
  }
}

/** Zero secret buffers; call in `finally`. */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  for (const b of buffers) b?.fill(0);
}
