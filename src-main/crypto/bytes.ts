/** Byte helpers that must behave the same everywhere (noble's, re-exported through the crypto door). */
export { concatBytes } from '@noble/hashes/utils.js';
