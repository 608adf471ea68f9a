/** AuditLog queries: filters, text search, paging (split from store.test.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditQuery, AuditRecord } from '../../src-shared/audit.js';
import { ValidationException } from '../../src-shared/kms/errors.js';
import { canonicalJson } from './chain.js';
import { buildAuditEvent } from './event-builder.js';
import { type AuditLog } from './store.js';
import { ACCOUNT, arn, event, KEYS, T0, useAuditDir } from './_test-kit.js';

const kit = useAuditDir();
const { openLog, fill } = kit;

describe('AuditLog: query', () => {
  const N = 400;
  let log: AuditLog;
  let all: AuditRecord[]; // newest first
  beforeEach(async () => {
    log = await openLog({ segmentRecords: 64 });
    all = (await fill(log, 0, N)).reverse();
    // One record with non-ASCII text for the Unicode search path.
    const special = buildAuditEvent({
      channel: 'kms:UpdateKeyDescription',
      request: { KeyId: KEYS[0], Description: 'Clé de paiement ÉTÉ' },
      response: {},
      caller: { transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'test' },
      accountId: ACCOUNT,
      region: 'us-east-1',
      now: new Date(T0 + N * 60_000),
      keyArns: [arn(KEYS[0]!)],
      readOnly: false,
      requestId: 'req-special',
    });
    all.unshift(await log.append(special));
  });

  /** Every page of a query, following cursors; checks each record appears once. */
  async function pages(q: AuditQuery): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10_000; guard++) {
      const page = await log.query({ ...q, ...(cursor ? { cursor } : {}) });
      expect(page.totalRecords).toBe(N + 1);
      expect(page.records.length).toBeLessThanOrEqual(q.limit ?? 50);
      out.push(...page.records);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const seqs = out.map((r) => r.chain.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    return out;
  }
  const seqsOf = (rs: AuditRecord[]) => rs.map((r) => r.chain.seq);
  const expectSame = async (q: AuditQuery, pred: (r: AuditRecord) => boolean) => {
    const got = await pages(q);
    const want = all.filter(pred);
    expect(want.length).toBeGreaterThan(0);
    expect(seqsOf(got)).toEqual(seqsOf(want));
  };
  const mentions = (r: AuditRecord, id: string) => JSON.stringify([r.requestParameters, r.responseElements, r.resources]).includes(id);

  it('pages through every record exactly once, newest first', async () => {
    for (const limit of [1, 7, 50, 500]) expect(seqsOf(await pages({ limit }))).toEqual(seqsOf(all));
    const first = await log.query({});
    expect(first.records).toHaveLength(50);
    expect(first.records[0]!.chain.seq).toBe(N + 1);
  });

  it('filters by eventName, case-insensitively and exactly', async () => {
    await expectSame({ eventName: 'decrypt', limit: 13 }, (r) => r.eventName === 'Decrypt');
    expect((await log.query({ eventName: 'Decryp' })).records).toEqual([]);
  });

  it('filters by key id or ARN', async () => {
    await expectSame({ keyId: KEYS[1], limit: 9 }, (r) => mentions(r, KEYS[1]!));
    await expectSame({ keyId: arn(KEYS[2]!), limit: 9 }, (r) => mentions(r, KEYS[2]!));
    await expectSame({ keyId: KEYS[0]!.toUpperCase() }, (r) => mentions(r, KEYS[0]!));
    expect((await log.query({ keyId: 'no-such-key' })).records).toEqual([]);
  });

  it('filters by outcome', async () => {
    await expectSame({ outcome: 'error', limit: 11 }, (r) => r.errorCode !== undefined);
    await expectSame({ outcome: 'success', limit: 100 }, (r) => r.errorCode === undefined);
    await expectSame({ outcome: 'all', limit: 100 }, () => true);
  });

  it('filters by time range (inclusive)', async () => {
    const from = new Date(T0 + 100 * 60_000);
    const to = new Date(T0 + 150 * 60_000);
    await expectSame({ from, to, limit: 8 }, (r) => Date.parse(r.eventTime) >= from.getTime() && Date.parse(r.eventTime) <= to.getTime());
    await expectSame({ from }, (r) => Date.parse(r.eventTime) >= from.getTime());
  });

  it('searches text case-insensitively over the record JSON (ASCII and Unicode)', async () => {
    await expectSame({ text: 'DISABLED', limit: 6 }, (r) => JSON.stringify(r).toLowerCase().includes('disabled'));
    await expectSame({ text: '"n":"12', limit: 3 }, (r) => /"n":"12/.test(canonicalJson(r)));
    await expectSame({ text: 'clé DE paiement été' }, (r) => r.requestID === 'req-special');
    await expectSame({ text: 'req-special' }, (r) => r.requestID === 'req-special');
    expect((await log.query({ text: 'nothing-matches-this' })).records).toEqual([]);
  });

  it('combines filters', async () => {
    await expectSame(
      { eventName: 'Encrypt', keyId: KEYS[0], outcome: 'error', text: 'disabled', limit: 2 },
      (r) => r.eventName === 'Encrypt' && mentions(r, KEYS[0]!) && r.errorCode !== undefined,
    );
  });

  it('never returns secrets that were passed to the builder', async () => {
    const page = await log.query({ limit: 500 });
    expect(JSON.stringify(page)).not.toMatch(/plaintext|ciphertextBlob/i);
  });

  it('refuses a malformed query or cursor with ValidationException', async () => {
    await expect(log.query({ cursor: 'garbage' })).rejects.toBeInstanceOf(ValidationException);
    await expect(log.query({ limit: 501 })).rejects.toBeInstanceOf(ValidationException);
  });

  it('sees records appended after the first page on the next first page, not in later pages', async () => {
    const p1 = await log.query({ limit: 10 });
    await log.append(event(N + 1));
    const p2 = await log.query({ limit: 10, cursor: p1.nextCursor! });
    expect(p2.records[0]!.chain.seq).toBe(p1.records[9]!.chain.seq - 1);
    expect((await log.query({ limit: 1 })).records[0]!.chain.seq).toBe(N + 2);
  });
});
