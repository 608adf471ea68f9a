import { describe, expect, it } from 'vitest';
import { KEY_SPECS } from '../../src-shared/kms/enums';
import { KIND_COLORS, keyKindOf } from './keyKind';

describe('keyKindOf', () => {
  it('tells the families apart', () => {
    expect(keyKindOf('SYMMETRIC_DEFAULT')).toBe('Symmetric');
    expect(keyKindOf('RSA_4096')).toBe('RSA');
    expect(keyKindOf('ECC_NIST_P256')).toBe('ECC');
    expect(keyKindOf('ECC_SECG_P256K1')).toBe('ECC');
    expect(keyKindOf('ECC_NIST_EDWARDS25519')).toBe('Ed25519');
    expect(keyKindOf('HMAC_256')).toBe('HMAC');
    expect(keyKindOf('ML_DSA_65')).toBe('ML-DSA');
    expect(keyKindOf('ML_KEM_768')).toBe('ML-KEM');
  });
  it('gives every spec a kind with a color', () => {
    for (const spec of KEY_SPECS) expect(KIND_COLORS[keyKindOf(spec)]).toBeTruthy();
  });
});
