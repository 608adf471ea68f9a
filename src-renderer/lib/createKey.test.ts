import { describe, expect, it } from 'vitest';
import { CATALOGUE, isOfferedCombination } from '../../src-shared/kms/catalogue';
import { KEY_SPECS } from '../../src-shared/kms/enums';
import { KEY_TYPES, isSlowToCreate, normalizeChoice, specOptions, usageOptions } from './createKey';

describe('create-key choices come from the catalogue', () => {
  const pairs = KEY_TYPES.flatMap((t) =>
    usageOptions(t.value).flatMap((u) => specOptions(t.value, u.value).filter((s) => s.offered).map((s) => ({ spec: s.spec, usage: u.value }))),
  );
  const offered = pairs.map((p) => `${p.spec}/${p.usage}`);
  it('offers only combinations the catalogue allows', () => {
    for (const p of pairs) expect(isOfferedCombination(p.spec, p.usage), `${p.spec}/${p.usage}`).toBe(true);
  });
  it('offers every combination the catalogue allows, once', () => {
    const all = KEY_SPECS.flatMap((spec) => (CATALOGUE[spec].offered ? CATALOGUE[spec].usages.map((u) => `${spec}/${u.usage}`) : []));
    expect([...offered].sort()).toEqual([...all].sort());
    expect(new Set(offered).size).toBe(offered.length);
  });
  it('lists SM2 as not offered, with the reason', () => {
    const sm2 = specOptions('asymmetric', 'SIGN_VERIFY').find((s) => s.spec === 'SM2');
    expect(sm2).toMatchObject({ offered: false, notOfferedReason: expect.stringContaining('China') });
  });
  it('groups the types as the console does', () => {
    expect(usageOptions('symmetric').map((u) => u.value)).toEqual(['ENCRYPT_DECRYPT']);
    expect(usageOptions('hmac').map((u) => u.value)).toEqual(['GENERATE_VERIFY_MAC']);
    expect(usageOptions('asymmetric').map((u) => u.value).sort()).toEqual(['ENCRYPT_DECRYPT', 'KEY_AGREEMENT', 'SIGN_VERIFY']);
    expect(usageOptions('pq').map((u) => u.value).sort()).toEqual(['ENCAPSULATE_DECAPSULATE', 'SIGN_VERIFY']);
    expect(specOptions('asymmetric', 'KEY_AGREEMENT').filter((s) => s.offered).map((s) => s.spec)).toEqual(['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521']);
  });
  it('normalizes a choice after the type or usage changes', () => {
    expect(normalizeChoice({ type: 'hmac', usage: 'ENCRYPT_DECRYPT', spec: 'SYMMETRIC_DEFAULT' })).toEqual({ type: 'hmac', usage: 'GENERATE_VERIFY_MAC', spec: 'HMAC_224' });
    expect(normalizeChoice({ type: 'asymmetric', usage: 'KEY_AGREEMENT', spec: 'RSA_2048' })).toMatchObject({ spec: 'ECC_NIST_P256' });
    expect(normalizeChoice({ type: 'asymmetric', usage: 'SIGN_VERIFY', spec: 'ECC_NIST_P256' })).toMatchObject({ spec: 'ECC_NIST_P256' });
  });
  it('flags slow key generation', () => {
    expect(isSlowToCreate('RSA_4096')).toBe(true);
    expect(isSlowToCreate('ECC_NIST_P256')).toBe(false);
  });
});
