/**
 * The vault file format, version 1.
 *
 * ```
 * offset       size      field
 * 0            8         magic: ASCII "KWVAULT" then 0x00
 * 8            2         format version, unsigned big-endian (1)
 * 10           4         header length H, unsigned big-endian (1 ≤ H ≤ 1 MiB)
 * 14           H         header: UTF-8 JSON, see VaultHeader below
 * 14+H         24        body nonce (random per write)
 * 38+H         B+16      body: XChaCha20-Poly1305 ciphertext of the B body bytes, then the
 *                        16-byte Poly1305 tag
 * end-32       32        trailer: SHA-256 of every byte before it
 * ```
 *
 * - The body is sealed with XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha, built on RFC 8439)
 *   under the random 32-byte vault key. Its AAD is bytes [0, 14+H): magic, version, header
 *   length and the exact header bytes, so any change to the header breaks the body's tag.
 *   A fresh random 24-byte nonce is drawn for every write; at 192 bits, random nonces do not
 *   collide in practice, which is why the vault uses XChaCha and not AES-GCM.
 * - The SHA-256 trailer is not a security mechanism (anyone can recompute it); it tells
 *   accidental damage (a flipped bit, a truncated copy) apart from a wrong passphrase, so
 *   damage is reported as VaultCorruptedException and never as IncorrectPassphraseException.
 * - Header JSON (v1), all binary fields in standard padded base64:
 *   ```
 *   { "vaultId": "<uuid v4>", "createdAt": "<ISO 8601>", "generation": <int ≥ 0>,
 *     "keyCheck": "<32 bytes: HMAC-SHA-256(vaultKey, 'keyward-vault/v1/key-check' 0x00 vaultId)>",
 *     "slots": [
 *       { "type": "passphrase", "kdf": "scrypt", "N": <int>, "r": <int>, "p": <int>,
 *         "salt": "<16 bytes>", "nonce": "<24 bytes>", "wrappedKey": "<48 bytes>" },
 *       { "type": "keychain", "backend": "<e.g. gnome_libsecret>", "blob": "<opaque>" } ] }
 *   ```
 *   Exactly one passphrase slot; at most one keychain slot (see slots.ts for the wrapping).
 *   `generation` counts writes; `keyCheck` lets a key from the OS keychain be told wrong
 *   (KeychainUnavailableException) apart from a damaged body (VaultCorruptedException).
 *   It reveals nothing useful: the vault key is 256 uniformly random bits.
 * - Versioning: a reader refuses any version it does not know. A future version keeps the
 *   magic and the version field at the same offsets; migrations read old versions and
 *   write the newest.
 */
import { base64 } from '@scure/base';
import { z } from 'zod';
import { VaultCorruptedException } from '../../src-shared/kms/errors.js';
import { sha256 } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { xchachaOpen, xchachaSeal } from '../crypto/xchacha.js';
import { aKdfParams } from './kdf.js';

export const MAGIC = new Uint8Array([0x4b, 0x57, 0x56, 0x41, 0x55, 0x4c, 0x54, 0x00]); // "KWVAULT\0"
export const FORMAT_VERSION = 1;
export const PREFIX_LENGTH = 14; // magic (8) + version (2) + header length (4)
export const NONCE_LENGTH = 24;
export const TAG_LENGTH = 16;
export const TRAILER_LENGTH = 32;
export const VAULT_KEY_LENGTH = 32;
export const MAX_HEADER_LENGTH = 1024 * 1024;
/** The smallest possible file: prefix, 1 header byte, nonce, tag, trailer. */
export const MIN_FILE_LENGTH = PREFIX_LENGTH + 1 + NONCE_LENGTH + TAG_LENGTH + TRAILER_LENGTH;

/** Decode standard padded base64, refusing anything that does not re-encode to itself. */
export function fromB64(s: string): Uint8Array | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  let b: Uint8Array;
  try {
    b = base64.decode(s);
  } catch {
    return undefined;
  }
  return base64.encode(b) === s ? b : undefined;
}

/** Standard padded base64 (RFC 4648 section 4). */
export function toB64(b: Uint8Array): string {
  return base64.encode(b);
}

const b64 = (len?: number) =>
  z.string().refine((s) => {
    const b = fromB64(s);
    return b !== undefined && (len === undefined || b.length === len);
  }, len === undefined ? 'expected base64' : `expected base64 of ${len} bytes`);

const PassphraseSlotSchema = z
  .object({
    type: z.literal('passphrase'),
    kdf: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: b64(16),
    nonce: b64(NONCE_LENGTH),
    wrappedKey: b64(VAULT_KEY_LENGTH + TAG_LENGTH),
  })
  .strict()
  .superRefine((slot, ctx) => {
    // The same bounds as for parameters passed in: a file cannot ask for 2^30 scrypt.
    try {
      aKdfParams(slot, 'slot');
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'invalid KDF parameters' });
    }
  });

const KeychainSlotSchema = z
  .object({
    type: z.literal('keychain'),
    backend: z.string().min(1).max(64),
    blob: b64().refine((s) => s.length > 0, 'expected a non-empty blob'),
  })
  .strict();

const SlotSchema = z.discriminatedUnion('type', [PassphraseSlotSchema, KeychainSlotSchema]);

const HeaderSchema = z
  .object({
    vaultId: z.uuid(),
    createdAt: z.iso.datetime(),
    generation: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    keyCheck: b64(32),
    slots: z
      .array(SlotSchema)
      .refine((s) => s.filter((x) => x.type === 'passphrase').length === 1, 'expected exactly one passphrase slot')
      .refine((s) => s.filter((x) => x.type === 'keychain').length <= 1, 'expected at most one keychain slot'),
  })
  .strict();

export type PassphraseSlot = z.infer<typeof PassphraseSlotSchema>;
export type KeychainSlot = z.infer<typeof KeychainSlotSchema>;
export type Slot = z.infer<typeof SlotSchema>;
export type VaultHeader = z.infer<typeof HeaderSchema>;

/** A file that passed its structural and trailer checks; the body is still sealed. */
export interface ParsedVaultFile {
  header: VaultHeader;
  /** Bytes [0, 14+H): the body's AAD. */
  aad: Uint8Array;
  nonce: Uint8Array;
  sealed: Uint8Array;
}

function corrupted(source: string, reason: string): VaultCorruptedException {
  return new VaultCorruptedException(
    `The vault file ${source} is damaged (${reason}). Nothing was read from it. ` +
      'Open the previous generation, or restore the file from a backup.',
  );
}

export function passphraseSlotOf(h: VaultHeader): PassphraseSlot {
  for (const s of h.slots) if (s.type === 'passphrase') return s;
  // The schema requires exactly one passphrase slot.
  throw new Error('unreachable: header without a passphrase slot');
}

export function keychainSlotOf(h: VaultHeader): KeychainSlot | undefined {
  for (const s of h.slots) if (s.type === 'keychain') return s;
  return undefined;
}

/**
 * Serialise a header and seal `body` under `vaultKey`. Returns the complete file bytes.
 * The header is validated first, so the writer can never produce a file its reader refuses.
 */
export function encodeVaultFile(header: VaultHeader, vaultKey: Uint8Array, body: Uint8Array): Uint8Array {
  HeaderSchema.parse(header);
  if (vaultKey.length !== VAULT_KEY_LENGTH) throw new RangeError(`"vaultKey" expected ${VAULT_KEY_LENGTH} bytes`);
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.length > MAX_HEADER_LENGTH) throw new RangeError('vault header too large');
  const aad = new Uint8Array(PREFIX_LENGTH + json.length);
  aad.set(MAGIC, 0);
  const dv = new DataView(aad.buffer);
  dv.setUint16(8, FORMAT_VERSION);
  dv.setUint32(10, json.length);
  aad.set(json, PREFIX_LENGTH);
  const nonce = randomBytes(NONCE_LENGTH);
  const sealed = xchachaSeal(vaultKey, nonce, body, aad);
  const total = aad.length + NONCE_LENGTH + sealed.length + TRAILER_LENGTH;
  const out = new Uint8Array(total);
  out.set(aad, 0);
  out.set(nonce, aad.length);
  out.set(sealed, aad.length + NONCE_LENGTH);
  out.set(sha256(out.subarray(0, total - TRAILER_LENGTH)), total - TRAILER_LENGTH);
  return out;
}

/**
 * Check a file's structure and trailer and parse its header (no secret needed).
 * Precondition: every byte before the trailer hashes to the trailer, else VaultCorruptedException.
 */
export function parseVaultFile(bytes: Uint8Array, source: string): ParsedVaultFile {
  if (bytes.length < MAGIC.length || !MAGIC.every((m, i) => bytes[i] === m)) {
    throw new VaultCorruptedException(
      `The file ${source} is not a Keyward vault (its first bytes are wrong). Choose the vault file, or restore it from a backup.`,
    );
  }
  if (bytes.length < MIN_FILE_LENGTH) throw corrupted(source, `truncated to ${bytes.length} bytes`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(8);
  const end = bytes.length - TRAILER_LENGTH;
  const expected = sha256(bytes.subarray(0, end));
  const trailerOk = expected.every((b, i) => b === bytes[end + i]);
  if (version !== FORMAT_VERSION) {
    throw new VaultCorruptedException(
      trailerOk
        ? `The vault file ${source} has format version ${version}, which this Keyward cannot read. Update Keyward to open it.`
        : `The vault file ${source} is damaged (unknown format version ${version} and a failed checksum). Open the previous generation, or restore it from a backup.`,
    );
  }
  if (!trailerOk) throw corrupted(source, 'checksum mismatch');
  const hlen = dv.getUint32(10);
  if (hlen < 1 || hlen > MAX_HEADER_LENGTH || PREFIX_LENGTH + hlen + NONCE_LENGTH + TAG_LENGTH > end) {
    throw corrupted(source, 'header length out of range');
  }
  const aadEnd = PREFIX_LENGTH + hlen;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_LENGTH, aadEnd)));
  } catch {
    throw corrupted(source, 'header is not valid UTF-8 JSON');
  }
  const parsed = HeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupted(source, `header field ${issue ? issue.path.join('.') || '(root)' : '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return {
    header: parsed.data,
    aad: bytes.slice(0, aadEnd),
    nonce: bytes.slice(aadEnd, aadEnd + NONCE_LENGTH),
    sealed: bytes.slice(aadEnd + NONCE_LENGTH, end),
  };
}

/**
 * Open the sealed body with the vault key. The caller owns (and must zero) the result.
 * The key has already matched keyCheck, so a failed tag means the file was altered.
 */
export function openBody(file: ParsedVaultFile, vaultKey: Uint8Array, source: string): Uint8Array {
  try {
    return xchachaOpen(vaultKey, file.nonce, file.sealed, file.aad);
  } catch {
    throw corrupted(source, 'the body failed authentication');
  }
}
