import { describe, expect, it } from 'vitest';
import { DisabledException, KMSInternalException } from '../../src-shared/kms/errors.js';
import { bridgeError, unwrapResult } from './preload-client.js';

describe('unwrapResult', () => {
  it('returns the value of an ok result', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(unwrapResult({ ok: true, value: { CiphertextBlob: bytes } })).toEqual({ CiphertextBlob: bytes });
  });
  it('throws the named exception, its name kept in the message for the page', () => {
    let thrown: unknown;
    try {
      unwrapResult({ ok: false, error: { name: 'DisabledException', message: 'key is disabled' } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DisabledException);
    expect((thrown as Error).message).toBe('DisabledException: key is disabled'); // narrowed by the line above
  });
  it('treats anything else as a transport fault', () => {
    for (const junk of [undefined, null, 'x', { ok: 'yes' }, { ok: false }, { ok: false, error: { name: 1 } }]) {
      expect(() => unwrapResult(junk)).toThrow(KMSInternalException);
    }
  });
  it('maps unknown error names to KMSInternalException', () => {
    expect(bridgeError({ name: 'Weird', message: 'm' })).toBeInstanceOf(KMSInternalException);
  });
});
