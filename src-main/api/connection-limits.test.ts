/**
 * The endpoint's connection and request limits (connection-limits.ts), against a stub
 * service whose calls wait until the test lets them go, so every count is exact:
 * pipelined requests beyond the per-connection limit wait, then are throttled; one access
 * key cannot take every slot; at the connection limit idle and unauthenticated connections
 * make room, connections serving authenticated requests never do; and what the parser
 * refuses, or cuts off, is answered in KMS's JSON or closed, never with Node's bare text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KmsEndpointLimits } from '../service/ports.js';
import { RawConnection, signedBytes, type Signer } from '../testing/pipeline.js';
import { THROTTLED_MESSAGE } from './connection-limits.js';
import { startKmsEndpoint, type KmsEndpoint } from './server.js';

const KEYS: Record<string, string> = {
  AKIAAAAAAAAAAAAAAAAA: 'a'.repeat(40),
  AKIABBBBBBBBBBBBBBBB: 'b'.repeat(40),
};

/** A stub service: counts calls in progress and holds each until `release()`. */
function gatedService() {
  let running = 0;
  let most = 0;
  let calls = 0;
  let open: (() => void)[] = [];
  let held = false;
  return {
    get running() { return running; },
    get most() { return most; },
    get calls() { return calls; },
    hold() { held = true; },
    release() {
      held = false;
      for (const go of open.splice(0)) go();
    },
    handle: async () => {
      calls += 1;
      running += 1;
      most = Math.max(most, running);
      if (held) await new Promise<void>((resolve) => open.push(resolve));
      running -= 1;
      return { ok: true as const, value: {} };
    },
    reset() {
      open = [];
      running = 0;
      most = 0;
      calls = 0;
    },
  };
}

let endpoint: KmsEndpoint | undefined;
const conns: RawConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  await endpoint?.close();
  endpoint = undefined;
});

async function start(svc: ReturnType<typeof gatedService>, limits: KmsEndpointLimits): Promise<{ port: number; as: (id: string) => Signer }> {
  endpoint = await startKmsEndpoint({
    port: 0,
    ...limits,
    handle: svc.handle,
    auth: { unlocked: () => true, region: () => 'us-east-1', secretOf: (id) => KEYS[id] },
  });
  const url = endpoint.url;
  return { port: endpoint.port, as: (id) => ({ url, region: 'us-east-1', key: { AccessKeyId: id, SecretAccessKey: KEYS[id]! } }) }; // one of KEYS
}

function open(port: number, bytes?: string): RawConnection {
  const c = new RawConnection(port, bytes);
  conns.push(c);
  return c;
}

async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('requests per connection (pipelining)', () => {
  it('beyond the limit they wait their turn; beyond the queue they get ThrottlingException, answered in order', async () => {
    const svc = gatedService();
    const { port, as } = await start(svc, { maxInFlightPerConnection: 2, maxQueuedPerConnection: 3 });
    const one = await signedBytes(as('AKIAAAAAAAAAAAAAAAAA'), 'ListKeys', {});
    svc.hold();
    const c = open(port, one.repeat(12));
    await until(() => svc.running === 2);
    expect(svc.calls).toBe(2); // the others wait or were refused
    svc.release();
    const answers = await c.until(12);
    expect(svc.most).toBe(2);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 400, 400, 400, 400, 400, 400, 400]);
    for (const a of answers.slice(5)) {
      expect(a.errorType).toBe('ThrottlingException');
      expect(JSON.parse(a.body)).toEqual({ __type: 'ThrottlingException', message: THROTTLED_MESSAGE });
    }
  });
});

describe('requests per access key', () => {
  it('one key cannot take every slot: its extra request is throttled, another key is served', async () => {
    const svc = gatedService();
    const { port, as } = await start(svc, { maxInFlightPerAccessKey: 2 });
    const a = await signedBytes(as('AKIAAAAAAAAAAAAAAAAA'), 'ListKeys', {});
    svc.hold();
    const first = [open(port, a), open(port, a)];
    await until(() => svc.running === 2);
    const third = open(port, a);
    const [refused] = await third.until(1);
    expect(refused?.errorType).toBe('ThrottlingException');
    const other = open(port, await signedBytes(as('AKIABBBBBBBBBBBBBBBB'), 'ListKeys', {}));
    await until(() => svc.running === 3);
    svc.release();
    expect((await other.until(1))[0]?.status).toBe(200);
    for (const c of first) expect((await c.until(1))[0]?.status).toBe(200);
  });
  it('a client that hangs up keeps its slots until its calls finish: hanging up and asking again piles up nothing', async () => {
    const svc = gatedService();
    const { port, as } = await start(svc, { maxInFlightPerAccessKey: 2 });
    const a = await signedBytes(as('AKIAAAAAAAAAAAAAAAAA'), 'ListKeys', {});
    svc.hold();
    const gone = open(port, a);
    await until(() => svc.running === 1);
    gone.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = open(port, a);
    await until(() => svc.running === 2);
    const [refused] = await open(port, a).until(1);
    expect(refused?.errorType).toBe('ThrottlingException');
    expect(svc.calls).toBe(2);
    svc.release();
    expect((await second.until(1))[0]?.status).toBe(200);
    expect((await open(port, a).until(1))[0]?.status).toBe(200);
  });
});

describe('connections', () => {
  it('at the limit, the longest-idle connection is closed to admit a signed request', async () => {
    const svc = gatedService();
    const { port, as } = await start(svc, { maxConnections: 3 });
    const idle = [open(port), open(port), open(port)];
    for (const c of idle) await c.connected();
    await until(() => endpoint !== undefined);
    const c = open(port, await signedBytes(as('AKIAAAAAAAAAAAAAAAAA'), 'ListKeys', {}));
    expect((await c.until(1))[0]?.status).toBe(200);
    await idle[0]!.untilClosed(); // the oldest went
    expect(idle[0]!.raw).toBe(''); // closed without a word: it never asked anything
    expect(idle[1]!.closed || idle[2]!.closed).toBe(false);
  });

  it('a connection serving an authenticated request is never closed to make room; a newcomer is, when nothing else can go', async () => {
    const svc = gatedService();
    const { port, as } = await start(svc, { maxConnections: 2 });
    const bytes = await signedBytes(as('AKIAAAAAAAAAAAAAAAAA'), 'ListKeys', {});
    svc.hold();
    const busy = [open(port, bytes), open(port, bytes)];
    await until(() => svc.running === 2);
    const late = open(port, bytes);
    await late.untilClosed();
    expect(late.answers).toEqual([]);
    svc.release();
    for (const c of busy) expect((await c.until(1))[0]?.status).toBe(200);
  });

  it('a connection still sending its body (unauthenticated) makes room before a busy one', async () => {
    const svc = gatedService();
    const { port, as } = await start(svc, { maxConnections: 2 });
    const bytes = await signedBytes(as('AKIAAAAAAAAAAAAAAAAA'), 'ListKeys', {});
    svc.hold();
    const busy = open(port, bytes);
    await until(() => svc.running === 1);
    const slow = open(port, bytes.slice(0, bytes.length - 1)); // the last body byte never comes
    await slow.connected();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const late = open(port, bytes);
    await slow.untilClosed();
    await until(() => svc.running === 2);
    svc.release();
    expect((await late.until(1))[0]?.status).toBe(200);
    expect((await busy.until(1))[0]?.status).toBe(200);
  });
});

describe('what the parser refuses or cuts off: KMS JSON or a clean close, never bare text', () => {
  /** Whatever came back is empty, or HTTP answers each with a KMS JSON body. */
  function kmsShapedOrNothing(c: RawConnection): void {
    if (c.raw === '') return;
    expect(c.answers.length).toBeGreaterThan(0);
    for (const a of c.answers) {
      expect(a.errorType).toMatch(/Exception$/);
      expect(JSON.parse(a.body)).toMatchObject({ __type: a.errorType });
    }
    expect(c.raw).toMatch(/\r\ncontent-type: application\/x-amz-json-1\.1\r\n/i);
  }

  it('an over-long header (default 16 KiB limit) is answered 431 in JSON', async () => {
    const svc = gatedService();
    const { port } = await start(svc, {});
    const c = open(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await c.untilClosed();
    expect(c.answers[0]?.status).toBe(431);
    kmsShapedOrNothing(c);
  });

  it('a header line sent one byte at a time (slowloris) is cut off at the header deadline with a JSON 408 or a close', async () => {
    const svc = gatedService();
    const { port } = await start(svc, { headersTimeoutMs: 300, requestTimeoutMs: 400, checkIntervalMs: 50 });
    const c = open(port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => c.socket.write('X'), 20);
    try {
      await c.untilClosed();
    } finally {
      clearInterval(trickle);
    }
    kmsShapedOrNothing(c);
    expect(svc.calls).toBe(0);
  });

  it('a connection that never sends a byte is closed at the header deadline, with a JSON 408 at most', async () => {
    const svc = gatedService();
    const { port } = await start(svc, { headersTimeoutMs: 300, requestTimeoutMs: 400, checkIntervalMs: 50 });
    const c = open(port);
    await c.untilClosed();
    kmsShapedOrNothing(c);
  });
});
