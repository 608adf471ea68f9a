import { describe, expect, it } from 'vitest';
import { InvalidCiphertextException, KMSInvalidMacException, KMSInvalidSignatureException, DisabledException } from '../../src-shared/kms/errors';
import { EMPTY_MESSAGE_EXPLANATIONS, shownMessage } from './call';

describe('notifications for exceptions AWS sends without a message', () => {
  it('explain the empty ones by name; keep every other message', () => {
    for (const E of [InvalidCiphertextException, KMSInvalidSignatureException, KMSInvalidMacException]) {
      const e = new E('');
      expect(shownMessage(e)).toBe(EMPTY_MESSAGE_EXPLANATIONS[e.name]);
    }
    expect(shownMessage(new DisabledException('arn:aws:kms:us-east-1:111122223333:key/k is disabled.'))).toBe('arn:aws:kms:us-east-1:111122223333:key/k is disabled.');
    expect(shownMessage(new InvalidCiphertextException('something'))).toBe('something');
  });
});
