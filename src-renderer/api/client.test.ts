import { describe, expect, it } from 'vitest';
import { HOST_BRIDGE, type ChannelResult } from '../../src-shared/contract';
import { DisabledException, KMSInternalException, AccessDeniedException, VaultLockedException } from '../../src-shared/kms/errors';
import { unwrapReply, type KeywardBridge } from '../../src-shared/result';
import { encodeTyped } from '../../src-shared/wire';
import { createBrowserApi, createPreloadApi, exchangeBridgeToken, takeBridgeToken, TOKEN_STORAGE_KEY } from './client';
import { toNamedError } from './errors';

const encodeWire = (result: ChannelResult): string => encodeTyped(result);

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(status: number, reply: string, seen: Seen[] = []) {
  return async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
    seen.push({ url, headers: init.headers, body: JSON.parse(init.body) });
    return { status, text: async () => reply };
  };
}

describe('browser-mode client', () => {
  it('posts {channel, request} with the token and unwraps ok values, restoring bytes and dates', async () => {
    const seen: Seen[] = [];
    const reply = encodeWire({ ok: true, value: { CiphertextBlob: new Uint8Array([1, 2, 3]), KeyId: 'k', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } });
    const api = createBrowserApi({ token: 't0k', fetch: fakeFetch(200, reply, seen) });
    const res = await api.invoke('kms:Encrypt', { KeyId: 'k', Plaintext: new Uint8Array([9]) });
    expect(Array.from(res.CiphertextBlob)).toEqual([1, 2, 3]);
    expect(seen[0]!.url).toBe(HOST_BRIDGE.path);
    expect(seen[0]!.headers[HOST_BRIDGE.tokenHeader]).toBe('t0k');
    // Requests go as plain JSON (bytes as base64) for the channel's JSON schema to decode.
    expect(seen[0]!.body).toEqual({ channel: 'kms:Encrypt', request: { KeyId: 'k', Plaintext: 'CQ==' } });

    const dated = createBrowserApi({ token: 't', fetch: fakeFetch(200, encodeWire({ ok: true, value: { Now: new Date(0), Virtual: true } })) });
    const clock = await dated.invoke('clock:get', {});
    expect(clock.Now).toBeInstanceOf(Date);
    expect(clock.Now.getTime()).toBe(0);
  });

  it('throws the named error for {ok: false}, whatever the HTTP status', async () => {
    const reply = encodeWire({ ok: false, error: { name: 'DisabledException', message: 'key is disabled' } });
    const api = createBrowserApi({ token: 't', fetch: fakeFetch(400, reply) });
    const err = await api.invoke('kms:Encrypt', { KeyId: 'k', Plaintext: new Uint8Array([1]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisabledException);
    expect(err).toMatchObject({ name: 'DisabledException', message: 'key is disabled' });
  });

  it('turns a refused token without a result body into AccessDeniedException', async () => {
    const api = createBrowserApi({ token: null, fetch: fakeFetch(403, 'Forbidden') });
    await expect(api.invoke('vault:status', {})).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it('turns network failures and garbage into KMSInternalException', async () => {
    const down = createBrowserApi({ token: 't', fetch: async () => { throw new TypeError('Failed to fetch'); } });
    await expect(down.invoke('vault:status', {})).rejects.toBeInstanceOf(KMSInternalException);
    const garbage = createBrowserApi({ token: 't', fetch: fakeFetch(200, '<html>') });
    await expect(garbage.invoke('vault:status', {})).rejects.toBeInstanceOf(KMSInternalException);
  });

  it('unwrapReply rejects malformed results', () => {
    expect(unwrapReply({ ok: true, value: 1 })).toBe(1);
    expect(() => unwrapReply({ ok: false, error: { name: 1 } })).toThrow(KMSInternalException);
    expect(() => unwrapReply(null)).toThrow(KMSInternalException);
    expect(() => unwrapReply({ ok: false, error: { name: 'NoSuchThing', message: 'x' } })).toThrow('NoSuchThing: x');
  });

  it('reads an object that looks like a type tag as data, in replies too', async () => {
    const value = { records: [{ requestParameters: { encryptionContext: { $b64: 'AAAA', $date: '2020-01-01T00:00:00.000Z' } } }] };
    const api = createBrowserApi({ token: 't', fetch: fakeFetch(200, encodeWire({ ok: true, value })) });
    await expect(api.invoke('audit:query', {})).resolves.toEqual(value);
  });
});

describe('bridge token', () => {
  function env(hash: string, stored: string | null = null) {
    const store = new Map<string, string>();
    if (stored !== null) store.set(TOKEN_STORAGE_KEY, stored);
    let cleared = false;
    return {
      env: { hash, storage: { removeItem: (k: string) => void store.delete(k) }, clearHash: () => { cleared = true; } },
      store,
      cleared: () => cleared,
    };
  }
  it('takes #token= from the URL and clears the hash, keeping it nowhere', () => {
    const e = env('#token=abc%2Bdef', 'old');
    expect(takeBridgeToken(e.env)).toBe('abc+def');
    expect(e.store.size).toBe(0);
    expect(e.cleared()).toBe(true);
  });
  it('is null after a reload (the session cookie carries on), leaving the hash alone and dropping an old stored token', () => {
    const e = env('#/keys', 'saved');
    expect(takeBridgeToken(e.env)).toBeNull();
    expect(e.store.size).toBe(0);
    expect(e.cleared()).toBe(false);
  });
  it('trades the token at the session path before the first call, which then carries no token', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    let release = (): void => {};
    const gate = new Promise<void>((r) => { release = r; });
    const fetch = async (url: string, init: { headers: Record<string, string> }) => {
      seen.push({ url, headers: init.headers });
      if (url === HOST_BRIDGE.sessionPath) await gate;
      return { status: url === HOST_BRIDGE.sessionPath ? 204 : 200, text: async () => encodeWire({ ok: true, value: {} }) };
    };
    const api = createBrowserApi({ token: null, fetch, ready: exchangeBridgeToken('tok', fetch) });
    const call = api.invoke('vault:status', {});
    await Promise.resolve();
    expect(seen.map((s) => s.url)).toEqual([HOST_BRIDGE.sessionPath]);
    release();
    await call;
    expect(seen.map((s) => s.url)).toEqual([HOST_BRIDGE.sessionPath, HOST_BRIDGE.path]);
    expect(seen[0]!.headers[HOST_BRIDGE.tokenHeader]).toBe('tok');
    expect(seen[1]!.headers[HOST_BRIDGE.tokenHeader]).toBeUndefined();
  });
  it('a failed exchange does not reject; the call reports the refusal', async () => {
    const fetch = async (url: string) => {
      if (url === HOST_BRIDGE.sessionPath) throw new TypeError('Failed to fetch');
      return { status: 401, text: async () => '' };
    };
    const ready = exchangeBridgeToken('tok', fetch);
    await expect(ready).resolves.toBeUndefined();
    await expect(createBrowserApi({ token: null, fetch, ready }).invoke('vault:status', {})).rejects.toBeInstanceOf(AccessDeniedException);
  });
  it('a link already used: the host refuses the exchange, and the refused call says why', async () => {
    const used = 'This Keyward link was already used: each printed link opens one browser session.';
    const fetch = async (url: string) => ({
      status: 401,
      text: async () => encodeWire({ ok: false, error: { name: 'AccessDeniedException', message: url === HOST_BRIDGE.sessionPath ? used : 'Missing or wrong Keyward token.' } }),
    });
    const ready = exchangeBridgeToken('spent', fetch);
    await expect(ready).resolves.toEqual({ refused: used });
    await expect(createBrowserApi({ token: null, fetch, ready }).invoke('vault:status', {})).rejects.toThrow(used);
  });
  it('a refused exchange does not stop a page that still holds its session cookie', async () => {
    const fetch = async (url: string) => ({
      status: url === HOST_BRIDGE.sessionPath ? 401 : 200,
      text: async () => encodeWire(url === HOST_BRIDGE.sessionPath ? { ok: false, error: { name: 'AccessDeniedException', message: 'used' } } : { ok: true, value: { Fine: true } }),
    });
    await expect(createBrowserApi({ token: null, fetch, ready: exchangeBridgeToken('spent', fetch) }).invoke('vault:status', {})).resolves.toEqual({ Fine: true });
  });
});

describe('Electron mode: the preload answers ChannelResults', () => {
  function bridgeOf(reply: unknown): KeywardBridge {
    // The fake answers whatever the test gives it, like main would for the channel.
    return { invoke: async () => reply as never };
  }
  it('unwraps values, and errors into the named exception with its own name and message', async () => {
    const bytes = new Uint8Array([1, 2]);
    await expect(createPreloadApi(bridgeOf({ ok: true, value: { CiphertextBlob: bytes } })).invoke('kms:Encrypt', { KeyId: 'k', Plaintext: bytes })).resolves.toEqual({ CiphertextBlob: bytes });
    const err = await createPreloadApi(bridgeOf({ ok: false, error: { name: 'DisabledException', message: 'arn:... is disabled.', fault: 'client' } }))
      .invoke('vault:status', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisabledException);
    expect(toNamedError(err)).toEqual({ name: 'DisabledException', message: 'arn:... is disabled.' });
    const locked = await createPreloadApi(bridgeOf({ ok: false, error: { name: 'VaultLockedException', message: 'locked' } })).invoke('vault:status', {}).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(VaultLockedException);
  });
  it('treats a reply that is not a ChannelResult as a transport fault', async () => {
    await expect(createPreloadApi(bridgeOf('DisabledException: x')).invoke('vault:status', {})).rejects.toBeInstanceOf(KMSInternalException);
  });
});

describe('named errors for notifications', () => {
  it('keeps ordinary errors and non-errors readable', () => {
    expect(toNamedError(new TypeError('boom'))).toEqual({ name: 'TypeError', message: 'boom' });
    expect(toNamedError('weird')).toEqual({ name: 'Error', message: 'weird' });
    expect(toNamedError(new DisabledException('off'))).toEqual({ name: 'DisabledException', message: 'off' });
  });
});
