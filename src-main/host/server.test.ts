import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { rawExchange, rawHttp } from '../testing/http.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_BRIDGE, type ChannelResult } from '../../src-shared/contract.js';
import { decodeTyped as decodeWire, encodeJson as encodeWire } from '../../src-shared/wire.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp.js';
import { startHostServer, tokenMatches, type HostServer } from './server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw requests (fetch would not let us forge Host, or send a body without Content-Length). */
async function send(server: HostServer, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  const reply = await rawHttp({ port: server.port, ...opts });
  return { status: reply.status, headers: reply.headers, body: reply.text };
}

const calls: { channel: string; payload: unknown; caller: CallerContext }[] = [];
const fakeService: KeywardService = {
  async handle(channel, payload, caller): Promise<ChannelResult> {
    calls.push({ channel, payload, caller });
    if (channel === 'kms:Encrypt') {
      return { ok: true, value: { CiphertextBlob: new Uint8Array([9, 8, 7]), KeyId: 'k', Echo: payload, At: new Date('2026-01-02T03:04:05.000Z') } };
    }
    return { ok: false, error: { name: 'UnknownOperationException', message: `no ${channel}` } };
  },
  close: async () => {},
};

let dir: string;
let server: HostServer;

function bridge(extra: Record<string, string> = {}): Record<string, string> {
  return {
    host: `127.0.0.1:${server.port}`,
    origin: server.origin,
    'content-type': 'application/json',
    [HOST_BRIDGE.tokenHeader]: server.token,
    ...extra,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-host-'));
  await mkdir(join(dir, 'www', 'assets'), { recursive: true });
  await writeFile(join(dir, 'www', 'index.html'), '<!doctype html><title>Keyward</title>');
  await writeFile(join(dir, 'www', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'www', 'assets', 'app.css'), 'body{}');
  await writeFile(join(dir, 'secret.txt'), 'outside the web root');
  await symlink(join(dir, 'secret.txt'), join(dir, 'www', 'assets', 'link.txt'));
  server = await startHostServer({ service: fakeService, staticDir: join(dir, 'www'), maxBodyBytes: 4096 });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('binding', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'localhost'])('refuses to listen on %s', async (host) => {
    await expect(startHostServer({ service: fakeService, staticDir: dir, host })).rejects.toThrow(/127\.0\.0\.1 only/);
  });
  it('prints a URL carrying a 32-byte base64url token in the hash', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
  });
});

describe('bridge', () => {
  it('carries Uint8Array and Date both ways (requests as JSON for the router to decode), with the host caller context', async () => {
    calls.length = 0;
    const request = { KeyId: 'alias/demo', Plaintext: new Uint8Array([1, 2, 3, 255]), When: new Date('2025-05-05T00:00:00.000Z') };
    const asJson = { KeyId: 'alias/demo', Plaintext: 'AQID/w==', When: '2025-05-05T00:00:00.000Z' };
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: { ...bridge(), 'user-agent': 'test-agent' }, body: encodeWire({ channel: 'kms:Encrypt', request }) });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/application\/json/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const result = decodeWire(reply.body);
    expect(result).toEqual({ ok: true, value: { CiphertextBlob: new Uint8Array([9, 8, 7]), KeyId: 'k', Echo: asJson, At: new Date('2026-01-02T03:04:05.000Z') } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toEqual(asJson);
    expect(calls[0]!.caller).toEqual({ transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'test-agent' });
  });

  it('passes service errors through as a 200 ChannelResult', async () => {
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: bridge(), body: encodeWire({ channel: 'nope:nope', request: {} }) });
    expect(reply.status).toBe(200);
    expect(decodeWire(reply.body)).toEqual({ ok: false, error: { name: 'UnknownOperationException', message: 'no nope:nope' } });
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'A'.repeat(43)],
    ['a prefix of the right one', 'short'],
  ])('answers 401 AccessDeniedException when the token is %s', async (_label, token) => {
    calls.length = 0;
    const headers = bridge();
    if (token === undefined) delete headers[HOST_BRIDGE.tokenHeader];
    else headers[HOST_BRIDGE.tokenHeader] = token;
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers, body: encodeWire({ channel: 'vault:status', request: {} }) });
    expect(reply.status).toBe(401);
    expect(decodeWire(reply.body)).toMatchObject({ ok: false, error: { name: 'AccessDeniedException' } });
    expect(calls).toHaveLength(0);
  });

  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', 'https://127.0.0.1'])('answers 403 to Origin %s', async (origin) => {
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: bridge({ origin }), body: encodeWire({ channel: 'vault:status', request: {} }) });
    expect(reply.status).toBe(403);
    expect(decodeWire(reply.body)).toMatchObject({ ok: false, error: { name: 'AccessDeniedException' } });
  });

  it('accepts a request without Origin (non-browser clients)', async () => {
    const headers = bridge();
    delete headers.origin;
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers, body: encodeWire({ channel: 'kms:Encrypt', request: {} }) });
    expect(reply.status).toBe(200);
  });

  it.each(['evil.example', 'evil.example:80', '127.0.0.1', '127.0.0.1:1', '[::1]'])('refuses Host %s (DNS rebinding)', async (host) => {
    for (const path of [HOST_BRIDGE.path, '/']) {
      const reply = await send(server, { method: path === '/' ? 'GET' : 'POST', path, headers: bridge({ host }), ...(path === '/' ? {} : { body: '{}' }) });
      expect(reply.status).toBe(403);
    }
  });

  it('accepts localhost:PORT as Host and Origin', async () => {
    const reply = await send(server, {
      method: 'POST',
      path: HOST_BRIDGE.path,
      headers: bridge({ host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` }),
      body: encodeWire({ channel: 'kms:Encrypt', request: {} }),
    });
    expect(reply.status).toBe(200);
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const big = encodeWire({ channel: 'kms:Encrypt', request: { Plaintext: 'x'.repeat(5000) } });
    const declared = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: bridge({ 'content-length': String(big.length) }), body: big });
    expect(declared.status).toBe(413);
    const streamed = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: bridge({ 'transfer-encoding': 'chunked' }), body: big });
    expect(streamed.status).toBe(413);
    expect(decodeWire(streamed.body)).toMatchObject({ ok: false, error: { name: 'ValidationException' } });
  });

  it.each([
    ['not JSON', '{"channel":'],
    ['an array', '[1,2]'],
    ['no channel', '{"request":{}}'],
    ['a numeric channel', '{"channel":5}'],
  ])('answers 400 ValidationException to %s, and keeps serving', async (_label, body) => {
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: bridge(), body });
    expect(reply.status).toBe(400);
    expect(decodeWire(reply.body)).toMatchObject({ ok: false, error: { name: 'ValidationException' } });
    const after = await send(server, { path: '/', headers: { host: `127.0.0.1:${server.port}` } });
    expect(after.status).toBe(200);
  });

  it('hands an object such as {"$b64": "!!!!"} to the router as it is: no key in the data is a type tag', async () => {
    calls.length = 0;
    const body = '{"channel":"kms:Encrypt","request":{"Plaintext":{"$b64":"!!!!"},"EncryptionContext":{"$b64":"AAAA","$date":"x"}}}';
    const reply = await send(server, { method: 'POST', path: HOST_BRIDGE.path, headers: bridge(), body });
    expect(reply.status).toBe(200);
    expect(calls[0]!.payload).toEqual({ Plaintext: { $b64: '!!!!' }, EncryptionContext: { $b64: 'AAAA', $date: 'x' } });
    expect(decodeWire(reply.body)).toMatchObject({ ok: true, value: { Echo: { EncryptionContext: { $b64: 'AAAA', $date: 'x' } } } });
  });

  it('allows POST only', async () => {
    const reply = await send(server, { method: 'GET', path: HOST_BRIDGE.path, headers: bridge() });
    expect(reply.status).toBe(405);
  });
});

describe('malformed HTTP', () => {
  it.each([
    ['not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['headers over the limit', `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('answers %s with a JSON ValidationException', async (_label, bytes, status) => {
    const reply = await rawExchange(server.port, bytes);
    expect(reply.status).toBe(status);
    expect(reply.headers).toMatch(/\r\ncache-control: no-store\r\n/i);
    expect(decodeWire(reply.body)).toMatchObject({ ok: false, error: { name: 'ValidationException' } });
  });

  it('refuses two Host headers, even when the first is ours', async () => {
    calls.length = 0;
    const body = encodeWire({ channel: 'kms:Encrypt', request: {} });
    const head = `POST ${HOST_BRIDGE.path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nHost: evil.example\r\n${HOST_BRIDGE.tokenHeader}: ${server.token}\r\n`;
    const reply = await rawExchange(server.port, `${head}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(reply.status).toBe(400);
    expect(decodeWire(reply.body)).toMatchObject({ ok: false, error: { name: 'ValidationException' } });
    expect(calls).toHaveLength(0);
  });
});

describe('static files', () => {
  const get = (path: string, method = 'GET') => send(server, { method, path, headers: { host: `127.0.0.1:${server.port}` } });

  it('serves index.html with the CSP, nosniff and no caching', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Keyward</title>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('serves assets with their content types', async () => {
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const reply = await get('/assets/app.js', 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('');
  });

  it('falls back to index.html for client-side routes', async () => {
    const reply = await get('/keys');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Keyward</title>');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/app.js%00.html',
    '/%E0%A4%A',
  ])('never leaves the web root: %s', async (path) => {
    const reply = await get(path);
    expect([400, 404]).toContain(reply.status);
    expect(reply.body).not.toContain('outside the web root');
  });

  it('does not follow a symlink out of the web root', async () => {
    const reply = await get('/assets/link.txt');
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('outside the web root');
  });

  it('answers 404 to a missing asset and 405 to other methods', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/', 'DELETE')).status).toBe(405);
  });
});

describe('tokenMatches', () => {
  it('compares whole tokens', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});
