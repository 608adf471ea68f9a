/**
 * PEM (RFC 7468) for the DER that KMS returns: public keys (SubjectPublicKeyInfo) and data key
 * pair private keys (PKCS#8). Pure: no DOM, no React.
 */
import { base64ToBytes, bytesToBase64 } from '../../src-shared/wire';
import type { ParseResult } from './bytes';

export type PemLabel = 'PUBLIC KEY' | 'PRIVATE KEY';

/** DER -> PEM with 64-character lines (RFC 7468 §2) and a trailing newline. */
export function derToPem(der: Uint8Array, label: PemLabel): string {
  const b64 = bytesToBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * A public key typed or pasted by a person: a PEM block (BEGIN PUBLIC KEY) or bare base64
 * of the DER SubjectPublicKeyInfo. Returns the DER bytes, typed for request schemas.
 */
export function parsePublicKeyInput(text: string): ParseResult<Uint8Array<ArrayBuffer>> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Paste a public key (PEM or base64 DER)' };
  let body = trimmed;
  if (trimmed.includes('-----BEGIN')) {
    const m = PEM_BLOCK.exec(trimmed);
    if (!m) return { ok: false, error: 'Not a complete PEM block (BEGIN … END lines)' };
    if (m[1] !== 'PUBLIC KEY') return { ok: false, error: `Expected BEGIN PUBLIC KEY (SubjectPublicKeyInfo), got BEGIN ${m[1] ?? ''}` };
    body = m[2] ?? '';
  }
  const compact = body.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0) return { ok: false, error: 'Not valid base64' };
  let der: Uint8Array;
  try {
    der = base64ToBytes(compact);
  } catch {
    return { ok: false, error: 'Not valid base64' };
  }
  // A DER SubjectPublicKeyInfo is a SEQUENCE (tag 0x30).
  if (der[0] !== 0x30) return { ok: false, error: 'Not a DER SubjectPublicKeyInfo (does not start with a SEQUENCE)' };
  return { ok: true, value: new Uint8Array(der) };
}

/** A file name for a key's PEM: alias or key id, made safe for file systems. */
export function pemFileName(name: string, kind: 'public' | 'private' = 'public'): string {
  const base = name.replace(/^alias\//, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'key';
  return `${base}-${kind}.pem`;
}
