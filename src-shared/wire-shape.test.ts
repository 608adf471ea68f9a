/** The wire-shape walk and the base64 reasons (texts: see wire-shape.ts). */
import { describe, expect, it } from 'vitest';
import { KmsSchemas } from './kms/schemas.js';
import { jsonFormOf } from './wire.js';
import { base64Problem, checkWireShape, parseWireBody, wireShapeOf } from './wire-shape.js';

describe('wire shape', () => {
  it('reads each member kind from the JSON form of a schema', () => {
    expect(wireShapeOf(jsonFormOf(KmsSchemas.Encrypt))).toEqual({
      kind: 'structure',
      members: {
        KeyId: { kind: 'string' }, Plaintext: { kind: 'blob' }, EncryptionContext: { kind: 'map', value: { kind: 'string' } },
        EncryptionAlgorithm: { kind: 'string' }, GrantTokens: { kind: 'list', member: { kind: 'string' } }, DryRun: { kind: 'boolean' },
      },
    });
    const tags = wireShapeOf(jsonFormOf(KmsSchemas.CreateKey));
    expect(tags.kind === 'structure' && tags.members['Tags']).toEqual({
      kind: 'list', member: { kind: 'structure', members: { TagKey: { kind: 'string' }, TagValue: { kind: 'string' } } },
    });
  });

  it('drops null members, truncates fractional integers, keeps unknown members for the schema to drop', () => {
    const shape = wireShapeOf(jsonFormOf(KmsSchemas.ListKeys));
    expect(checkWireShape(shape, { Limit: 2.9, Marker: null, Other: [1] })).toEqual({ Limit: 2, Other: [1] });
  });

  it('accepts exactly canonical padded base64', () => {
    for (const ok of ['', 'AA==', 'AAA=', 'AAAA', 'aGk=', '+/+/']) expect(base64Problem(ok), ok).toBeUndefined();
    expect(base64Problem('abc')).toBe('Base64 encoded length is expected a multiple of 4 bytes but found: 3');
    expect(base64Problem('ab-_')).toBe("Invalid Base64 character: '-'");
    expect(base64Problem('A===')).toBe("Invalid Base64 character: '='");
    expect(base64Problem('AB==')).toBe('Invalid last non-pad Base64 character dectected');
    expect(base64Problem('AAB=')).toBe('Invalid last non-pad Base64 character dectected');
  });

  it('refuses a body that is not a JSON object', () => {
    const shape = wireShapeOf(jsonFormOf(KmsSchemas.ListKeys));
    expect(() => parseWireBody(shape, '[{}]')).toThrow('Start of list found where not expected');
    expect(() => parseWireBody(shape, 'true')).toThrow(expect.objectContaining({ name: 'SerializationException', message: '' }));
    expect(parseWireBody(shape, '{"Limit":5}')).toEqual({ Limit: 5 });
  });
});
