import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto/hash.js';
import { auditInput } from './_test-records.js';
import { canonicalJson } from './chain.js';
import { buildAuditEvent } from './event-builder.js';

/**
 * SHA-256 of the 400 records' canonical lines (eventID fixed, as it is random), as the event
 * builder and canonicalJson of commit 0870d78 wrote them, before the hot-path work; any
 * change to what a record holds or how it is written changes it.
 */
const GOLDEN = '32ae462d04c80d57d3b72daea100f19a0f989db63508956beced55ffe4976fac';

function recordsDigest(): string {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const event = { ...buildAuditEvent(auditInput(i)), eventID: `event-${i}` };
    lines.push(canonicalJson(event));
  }
  return sha256Hex(lines.join('\n'));
}

describe('audit records are what they were before the hot-path work', () => {
  it('400 built records, bounded and omitted ones included, are byte-identical', () => {
    expect(recordsDigest()).toBe(GOLDEN);
  });
});
