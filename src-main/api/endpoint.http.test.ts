/**
 * HTTP the endpoint's parser refuses still gets a KMS-shaped JSON error, and a request with
 * two Host headers is refused (RFC 9112 §3.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../testing/http.js';
import { startKmsEndpoint, type KmsEndpoint } from './server.js';

let endpoint: KmsEndpoint;
let handled = 0;

beforeAll(async () => {
  endpoint = await startKmsEndpoint({
    port: 0,
    maxHeaderBytes: 4096,
    handle: async () => {
      handled += 1;
      return { ok: true, value: {} };
    },
    auth: { unlocked: () => true, region: () => 'us-east-1', secretOf: () => undefined },
  });
});

afterAll(() => endpoint.close());

describe('malformed HTTP', () => {
  it.each([
    ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['a header line without a colon', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nbroken header\r\n\r\n', 400],
    ['both Content-Length and chunked', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['headers over the limit', `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`, 431],
  ])('answers %s with a JSON ValidationException', async (_label, bytes, status) => {
    const reply = await rawExchange(endpoint.port, bytes);
    expect(reply.status).toBe(status);
    expect(reply.headers).toMatch(/\r\ncontent-type: application\/x-amz-json-1\.1\r\n/i);
    expect(reply.headers).toMatch(/\r\nx-amzn-ErrorType: ValidationException\r\n/i);
    expect(reply.headers).toMatch(/\r\nx-amzn-RequestId: [0-9a-f-]{36}\r\n/i);
    expect(JSON.parse(reply.body)).toEqual({ __type: 'ValidationException', message: expect.any(String) as string });
  });

  it('refuses a request with two Host headers before anything else', async () => {
    const reply = await rawExchange(
      endpoint.port,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ __type: 'ValidationException', message: 'The request carries more than one Host header.' });
    expect(handled).toBe(0);
  });

  it('answers headers that never finish with a JSON 408', async () => {
    const slow = await startKmsEndpoint({
      port: 0, headersTimeoutMs: 300, requestTimeoutMs: 400, checkIntervalMs: 50,
      handle: async () => ({ ok: true, value: {} }),
      auth: { unlocked: () => true, region: () => 'us-east-1', secretOf: () => undefined },
    });
    try {
      const reply = await rawExchange(slow.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      expect(reply.status).toBe(408);
      expect(JSON.parse(reply.body)).toEqual({ __type: 'ValidationException', message: 'The request was not received in time.' });
    } finally {
      await slow.close();
    }
  });
});
