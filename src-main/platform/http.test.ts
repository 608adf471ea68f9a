import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, closeServer, isPort, isRepeatedHeader, listenLoopback, LOOPBACK, readBody, sendBody, singleHeader } from './http.js';

let server: Server | undefined;

afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

/** A server whose handler reports what the helpers saw, as JSON. */
async function serve(handle: (req: IncomingMessage) => Promise<unknown>): Promise<number> {
  server = createServer((req, res) => {
    handle(req).then(
      (seen) => sendBody(res, 200, JSON.stringify(seen), { 'Content-Type': 'application/json' }),
      (e: unknown) => {
        sendBody(res, e instanceof BodyTooLargeError ? 413 : 500, String(e), { Connection: 'close' });
      },
    );
  });
  return listenLoopback(server, 0);
}

function send(port: number, opts: { headers?: Record<string, string | string[]>; body?: string; chunked?: boolean }): Promise<{ status: number; body: string; length: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: LOOPBACK, port, method: 'POST', path: '/', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), length: res.headers['content-length'] }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('platform/http', () => {
  it('reads a body within the limit and refuses one over it, declared or streamed', async () => {
    const port = await serve(async (req) => (await readBody(req, { limit: 10 })).toString('utf8'));
    const ok = await send(port, { body: '0123456789' });
    expect(ok).toMatchObject({ status: 200, body: '"0123456789"', length: '12' });
    expect((await send(port, { body: '01234567890' })).status).toBe(413);
    expect((await send(port, { headers: { 'transfer-encoding': 'chunked' }, body: 'x'.repeat(100) })).status).toBe(413);
  });

  it('drains a refused declared body when asked, and the reply still arrives', async () => {
    const port = await serve(async (req) => readBody(req, { limit: 4, drainRefused: true }));
    expect((await send(port, { headers: { 'content-length': '100' }, body: 'x'.repeat(100) })).status).toBe(413);
  });

  it('reads single headers as Node merged them and detects repeated ones', async () => {
    const port = await serve(async (req) => ({
      auth: singleHeader(req, 'Authorization'),
      target: singleHeader(req, 'x-amz-target'),
      authRepeated: isRepeatedHeader(req, 'authorization'),
      targetRepeated: isRepeatedHeader(req, 'x-amz-target'),
      missing: singleHeader(req, 'x-none') ?? null,
    }));
    const r = await send(port, { headers: { authorization: ['a', 'b'], 'x-amz-target': 'T.Op' } });
    expect(JSON.parse(r.body)).toEqual({ auth: 'a', target: 'T.Op', authRepeated: true, targetRepeated: false, missing: null });
  });

  it('listens on 127.0.0.1 only, maps listen errors, and closes keep-alive sockets', async () => {
    const port = await serve(async () => 'ok');
    expect(server?.address()).toMatchObject({ address: LOOPBACK, port });
    const other = createServer();
    await expect(listenLoopback(other, port, (e) => new Error(`mapped ${e.code ?? ''}`))).rejects.toThrow('mapped EADDRINUSE');
    // A keep-alive connection stays open after its reply; close() must not wait for it.
    const agentReq = await send(port, { headers: { connection: 'keep-alive' } });
    expect(agentReq.status).toBe(200);
    const started = Date.now();
    if (server) await closeServer(server);
    server = undefined;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('isPort accepts 0..65535 integers only', () => {
    for (const p of [0, 1, 4599, 65535]) expect(isPort(p)).toBe(true);
    for (const p of [-1, 65536, 1.5, Number.NaN, '80', undefined]) expect(isPort(p)).toBe(false);
  });
});
