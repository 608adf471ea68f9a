import { describe, expect, it } from 'vitest';
import { derToPem, parsePublicKeyInput, pemFileName } from './pem';

/** A P-256 SubjectPublicKeyInfo (91 bytes: SEQUENCE, algorithm ids, 65-byte point), shaped as GetPublicKey returns it. */
const P256_SPKI_B64 =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9q9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==';
const der = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

describe('derToPem', () => {
  it('wraps base64 at 64 characters between BEGIN/END lines (RFC 7468 §2)', () => {
    const pem = derToPem(der(P256_SPKI_B64), 'PUBLIC KEY');
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN PUBLIC KEY-----');
    expect(lines.at(-1)).toBe('-----END PUBLIC KEY-----');
    const body = lines.slice(1, -1);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(body.at(-1)!.length).toBeLessThanOrEqual(64);
    expect(body.join('')).toBe(P256_SPKI_B64);
    expect(pem.endsWith('\n')).toBe(true);
  });
  it('labels PKCS#8 private keys PRIVATE KEY', () => {
    expect(derToPem(new Uint8Array([0x30, 0x00]), 'PRIVATE KEY')).toBe('-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n');
  });
});

describe('parsePublicKeyInput', () => {
  it('reads back a PEM it wrote, with surrounding whitespace', () => {
    const bytes = der(P256_SPKI_B64);
    const parsed = parsePublicKeyInput(`\n  ${derToPem(bytes, 'PUBLIC KEY')}  `);
    expect(parsed).toEqual({ ok: true, value: bytes });
  });
  it('reads bare base64 DER, even with line breaks', () => {
    const parsed = parsePublicKeyInput(P256_SPKI_B64.replace(/(.{40})/g, '$1\n'));
    expect(parsed.ok && parsed.value.length).toBe(91);
  });
  it('refuses a private key, a broken block, bad base64 and non-DER', () => {
    expect(parsePublicKeyInput('')).toMatchObject({ ok: false });
    expect(parsePublicKeyInput('-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----')).toMatchObject({ ok: false, error: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(parsePublicKeyInput('-----BEGIN PUBLIC KEY-----\nMAA=')).toMatchObject({ ok: false, error: expect.stringContaining('PEM block') });
    expect(parsePublicKeyInput('not base64!')).toMatchObject({ ok: false, error: 'Not valid base64' });
    expect(parsePublicKeyInput('AAAA')).toMatchObject({ ok: false, error: expect.stringContaining('SEQUENCE') });
  });
});

describe('pemFileName', () => {
  it('uses the alias without its prefix, made safe for file systems', () => {
    expect(pemFileName('alias/team/signing key')).toBe('team_signing_key-public.pem');
    expect(pemFileName('1234abcd-12ab')).toBe('1234abcd-12ab-public.pem');
    expect(pemFileName('alias/x', 'private')).toBe('x-private.pem');
    expect(pemFileName('///')).toBe('key-public.pem');
  });
});
