import { describe, expect, it } from 'vitest';
import { CATALOGUE, DATA_KEY_PAIR_INFO, KEY_OPERATIONS, SIGNING_ALGORITHM_INFO, algorithmsFor, maxPlaintextBytes } from './catalogue.js';
import { DATA_KEY_PAIR_SPECS, KEY_SPECS, SIGNING_ALGORITHMS } from './enums.js';
import { KmsSchemas } from './schemas.js';

describe('key-spec catalogue', () => {
  it('has exactly one entry per KeySpec, DataKeyPairSpec and SigningAlgorithm', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual([...KEY_SPECS].sort());
    for (const spec of KEY_SPECS) expect(CATALOGUE[spec].spec).toBe(spec);
    expect(Object.keys(DATA_KEY_PAIR_INFO).sort()).toEqual([...DATA_KEY_PAIR_SPECS].sort());
    expect(Object.keys(SIGNING_ALGORITHM_INFO).sort()).toEqual([...SIGNING_ALGORITHMS].sort());
  });

  it('every operation it names is a KMS operation with a schema', () => {
    for (const op of KEY_OPERATIONS) expect(KmsSchemas).toHaveProperty(op);
  });

  it('matches the AWS key spec reference: OAEP limits, SM2 not offered, Ed25519 message types', () => {
    expect([2048, 3072, 4096].map((b) => [maxPlaintextBytes(`RSA_${b}` as 'RSA_2048', 'RSAES_OAEP_SHA_1'), maxPlaintextBytes(`RSA_${b}` as 'RSA_2048', 'RSAES_OAEP_SHA_256')])) // template of a literal union
      .toEqual([[214, 190], [342, 318], [470, 446]]);
    expect(CATALOGUE.SM2.offered).toBe(false);
    expect(SIGNING_ALGORITHM_INFO.ED25519_SHA_512.messageTypes).toEqual(['RAW']);
    expect(SIGNING_ALGORITHM_INFO.ED25519_PH_SHA_512.messageTypes).toEqual(['DIGEST']);
    expect(algorithmsFor('ECC_SECG_P256K1', 'SIGN_VERIFY')).toEqual({ SigningAlgorithms: ['ECDSA_SHA_256'] });
    expect([44, 65, 87].map((l) => CATALOGUE[`ML_DSA_${l}` as 'ML_DSA_44'].signatureMaxBytes)).toEqual([2420, 3309, 4627]); // as above
  });
});
