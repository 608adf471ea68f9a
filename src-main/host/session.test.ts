/**
 * The browser session: the printed token is traded once for an HttpOnly, SameSite=Strict
 * session cookie, and bridge calls then authenticate by that cookie (with our Origin).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOST_BRIDGE, type ChannelResult } from '../../src-shared/contract.js';
import { decodeTyped, encodeJson } from '../../src-shared/wire.js';
import { rawHttp, type RawReply } from '../testing/http.js';
import type { KeywardService } from '../service/types.js';
import { startHostServer, type HostServer } from './server.js';
import { PrintedToken, readCookie, sessionCookieName, SPENT_LINK_MESSAGE } from './session.js';

let calls = 0;
const service: KeywardService = {
  async handle(): Promise<ChannelResult> {
    calls += 1;
    return { ok: true, value: { Fine: true } };
  },
  close: async () => {},
};

let dir: string;
let server: HostServer;
const newLinks: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-session-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Keyward</title>');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A fresh server (and token) for every test: the exchange spends the token.
beforeEach(async () => {
  newLinks.length = 0;
  server = await startHostServer({ service, staticDir: dir, onNewLink: (url) => newLinks.push(url) });
});

afterEach(async () => {
  await server.close();
});

const host = () => `127.0.0.1:${server.port}`;

function exchange(headers: Record<string, string>): Promise<RawReply> {
  return rawHttp({ port: server.port, method: 'POST', path: HOST_BRIDGE.sessionPath, headers: { host: host(), ...headers } });
}

function invoke(headers: Record<string, string>): Promise<RawReply> {
  const body = encodeJson({ channel: 'vault:status', request: {} });
  return rawHttp({ port: server.port, method: 'POST', path: HOST_BRIDGE.path, headers: { host: host(), 'content-type': 'application/json', ...headers }, body });
}

/** The `name=value` pair the exchange set. */
async function sessionPair(): Promise<string> {
  const reply = await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: server.token });
  const set = reply.headers['set-cookie']?.[0] ?? '';
  return set.split(';')[0]!;
}

describe('token exchange', () => {
  it('answers 204 with an HttpOnly, SameSite=Strict session cookie that ends with the browser session', async () => {
    const reply = await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: server.token });
    expect(reply.status).toBe(204);
    expect(reply.headers['cache-control']).toBe('no-store');
    const cookies = reply.headers['set-cookie'] ?? [];
    expect(cookies).toHaveLength(1);
    const attributes = cookies[0]!.split(';').map((a) => a.trim());
    expect(attributes[0]).toMatch(new RegExp(`^${sessionCookieName(server.port)}=[A-Za-z0-9_-]{43}$`));
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    // The cookie is not the printed token: history or a log holding the URL does not give it.
    expect(attributes[0]).not.toContain(server.token);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { [HOST_BRIDGE.tokenHeader]: 'A'.repeat(43) }],
  ])('refuses %s (401, no cookie)', async (_label, headers) => {
    const reply = await exchange({ origin: server.origin, ...headers });
    expect(reply.status).toBe(401);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('is single use: the URL left in the browser history opens nothing once the page traded it', async () => {
    const spent = server.token;
    const historyUrl = server.url;
    expect((await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: spent })).status).toBe(204);
    // The same token again (the link reopened from history, or read from it by someone else):
    const again = await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: spent });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(decodeTyped(again.text)).toMatchObject({ ok: false, error: { name: 'AccessDeniedException', message: SPENT_LINK_MESSAGE } });
    // ... nor does it work as a header credential any more.
    calls = 0;
    expect((await invoke({ [HOST_BRIDGE.tokenHeader]: spent })).status).toBe(401);
    expect((await invoke({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: spent })).status).toBe(401);
    expect(calls).toBe(0);
    // The host printed a new link (where it was started), which works once.
    expect(newLinks).toHaveLength(1);
    expect(newLinks[0]).not.toBe(historyUrl);
    expect(newLinks[0]).toBe(server.url);
    expect(server.token).not.toBe(spent);
    expect((await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: server.token })).status).toBe(204);
  });

  it('a wrong token does not spend the real one, and GET does not either', async () => {
    expect((await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: 'B'.repeat(43) })).status).toBe(401);
    const get = await rawHttp({ port: server.port, path: HOST_BRIDGE.sessionPath, headers: { host: host(), [HOST_BRIDGE.tokenHeader]: server.token } });
    expect(get.status).toBe(405);
    expect((await exchange({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: server.token })).status).toBe(204);
    expect(newLinks).toEqual([]);
  });

  it('refuses another origin, and GET', async () => {
    const cross = await exchange({ origin: 'http://evil.example', [HOST_BRIDGE.tokenHeader]: server.token });
    expect(cross.status).toBe(403);
    expect(cross.headers['set-cookie']).toBeUndefined();
    const get = await rawHttp({ port: server.port, path: HOST_BRIDGE.sessionPath, headers: { host: host(), [HOST_BRIDGE.tokenHeader]: server.token } });
    expect(get.status).toBe(405);
    expect(get.headers['set-cookie']).toBeUndefined();
  });
});

describe('bridge calls by cookie', () => {
  it('accepts the session cookie with our Origin, and no token', async () => {
    calls = 0;
    const reply = await invoke({ origin: server.origin, cookie: `other=1; ${await sessionPair()}` });
    expect(reply.status).toBe(200);
    expect(decodeTyped(reply.text)).toEqual({ ok: true, value: { Fine: true } });
    expect(calls).toBe(1);
  });

  it('refuses the cookie without Origin, with another Origin, or under another name', async () => {
    calls = 0;
    const pair = await sessionPair();
    expect((await invoke({ cookie: pair })).status).toBe(401);
    expect((await invoke({ origin: 'http://evil.example', cookie: pair })).status).toBe(403);
    expect((await invoke({ origin: server.origin, cookie: pair.replace(/^[^=]+/, 'keyward_session_1') })).status).toBe(401);
    expect((await invoke({ origin: server.origin, cookie: `${sessionCookieName(server.port)}=${server.token}` })).status).toBe(401);
    expect(calls).toBe(0);
  });

  it('accepts the token header (scripts and tests) until the token is exchanged, with or without Origin', async () => {
    expect((await invoke({ [HOST_BRIDGE.tokenHeader]: server.token })).status).toBe(200);
    expect((await invoke({ origin: server.origin, [HOST_BRIDGE.tokenHeader]: server.token })).status).toBe(200);
  });

  it('the cookie keeps working after the token is spent (a reload needs no token)', async () => {
    const pair = await sessionPair();
    expect((await invoke({ origin: server.origin, cookie: pair })).status).toBe(200);
    expect((await invoke({ origin: server.origin, cookie: pair })).status).toBe(200);
  });
});

describe('PrintedToken', () => {
  it('accepts one exchange, then tells a spent token from a wrong one; renew mints once', () => {
    let n = 0;
    const t = new PrintedToken('first', () => `minted-${++n}`);
    expect(t.allowsCall('first')).toBe(true);
    expect(t.exchange('nope')).toBe('wrong');
    expect(t.exchange('first')).toBe('accepted');
    expect(t.allowsCall('first')).toBe(false);
    expect(t.exchange('first')).toBe('spent');
    expect(t.renew()).toBe('minted-1');
    expect(t.renew()).toBe('minted-1');
    expect(t.exchange('first')).toBe('spent');
    expect(t.exchange('minted-1')).toBe('accepted');
    expect(t.exchange(undefined)).toBe('wrong');
  });
});

describe('readCookie', () => {
  it('finds a cookie by its exact name', () => {
    expect(readCookie('a=1; keyward_session_9=xyz; b=2', 'keyward_session_9')).toBe('xyz');
    expect(readCookie('keyward_session_90=xyz', 'keyward_session_9')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
    expect(readCookie('a', 'a')).toBeUndefined();
  });
});
