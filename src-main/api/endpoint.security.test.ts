/**
 * The endpoint refuses what AWS refuses: each kind of bad signature, revoked keys, a
 * non-loopback bind, oversized bodies, slow headers; and it never writes a secret.
 */
import { connect, createServer, type AddressInfo } from 'node:net';
import { signAsSdk, type SignOptions } from '../testing/signed-request.js';
import { rawHttp } from '../testing/http.js';
import { DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFilesText, auditRecords, startRunning, type Running } from '../testing/endpoint-kit.js';
import { startKmsEndpoint, EndpointBindError } from './server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { __type?: string; message?: string } & Record<string, unknown>;
}

async function send(url: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  const reply = await rawHttp({ url, method: 'POST', headers, body });
  return { status: reply.status, headers: reply.headers, body: reply.text ? (JSON.parse(reply.text) as Answer['body']) : {} }; // the endpoint answers JSON
}

/** Sign like an SDK, returning headers and body. */
function signed(r: Running, o: SignOptions & { op?: string; body?: string } = {}): Promise<{ headers: Record<string, string>; body: string }> {
  return signAsSdk(r, o.op ?? 'ListKeys', o.body ?? '{}', o);
}

async function expectRefused(p: Promise<Answer>, name: string, message?: RegExp): Promise<Answer> {
  const a = await p;
  expect(a.body.__type, JSON.stringify(a.body)).toBe(name);
  expect(a.status).toBe(400);
  expect(a.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  if (message) expect(a.body.message).toMatch(message);
  return a;
}

let r: Running;
beforeAll(async () => {
  r = await startRunning({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 1500, checkIntervalMs: 100, maxBodyBytes: 64 * 1024 } });
});
afterAll(async () => {
  await r.close();
});

describe('SigV4: every kind of bad signature is refused', () => {
  it('a correctly signed request is served (control)', async () => {
    const { headers, body } = await signed(r);
    const a = await send(r.url, headers, body);
    expect(a.status).toBe(200);
    expect(a.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.body).toHaveProperty('Keys');
  });

  it('no Authorization header: MissingAuthenticationTokenException', async () => {
    const { headers, body } = await signed(r);
    delete headers['authorization'];
    await expectRefused(send(r.url, headers, body), 'MissingAuthenticationTokenException', /^Request is missing Authentication Token$/);
  });

  it('a malformed Authorization header: the exception and message AWS answers (recorded in mhart/dynalite)', async () => {
    const { headers, body } = await signed(r);
    const auth = headers['authorization']!;
    const cases: [string, string, RegExp][] = [
      // Not an AWS4 Authorization at all: no token AWS can read.
      ['garbage', 'MissingAuthenticationTokenException', /^Request is missing Authentication Token$/],
      ['AWS4-HMAC-SHA256 Credential=x', 'IncompleteSignatureException',
        /^Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\. Authorization=AWS4-HMAC-SHA256 Credential=x$/],
      [auth.replace(/, Signature=[0-9a-f]+/, ''), 'IncompleteSignatureException', /^Authorization header requires 'Signature' parameter\. Authorization=/],
      [auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1'), 'IncompleteSignatureException', /^Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' \(only AWS4-HMAC-SHA256 for now\)\. $/],
      [auth.replace(/Credential=[^,]+/, 'Credential=AKIA/20240101/us-east-1'), 'IncompleteSignatureException',
        /^Credential must have exactly 5 slash-delimited elements, e\.g\. keyid\/date\/region\/service\/term, got 'AKIA\/20240101\/us-east-1'$/],
      // A signature that is not 64 hex digits simply does not match.
      [auth.replace(/Signature=[0-9a-f]+/, 'Signature=zz'), 'InvalidSignatureException', /^The request signature we calculated does not match/],
    ];
    for (const [bad, name, message] of cases) {
      await expectRefused(send(r.url, { ...headers, authorization: bad }, body), name, message);
    }
  });

  it('host must be signed (InvalidSignatureException); x-amz-target need not be (AWS requires only host and a date)', async () => {
    const noHost = await signed(r, { unsigned: ['host'] });
    await expectRefused(send(r.url, noHost.headers, noHost.body), 'InvalidSignatureException', /^'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization\.$/);
    const noTarget = await signed(r, { unsigned: ['x-amz-target', 'content-type'] });
    expect(noTarget.headers['authorization']).toMatch(/SignedHeaders=host;(x-amz-content-sha256;)?x-amz-date,/);
    expect((await send(r.url, noTarget.headers, noTarget.body)).status).toBe(200);
  });

  it('a wrong secret: InvalidSignatureException with AWS message', async () => {
    const { headers, body } = await signed(r, { secret: 'A'.repeat(40) });
    await expectRefused(send(r.url, headers, body), 'InvalidSignatureException', /does not match the signature you provided/);
  });

  it('scoped to another region or service: InvalidSignatureException naming the expected scope', async () => {
    const wrongRegion = await signed(r, { region: 'eu-west-1' });
    await expectRefused(send(r.url, wrongRegion.headers, wrongRegion.body), 'InvalidSignatureException', /^Credential should be scoped to a valid region, not 'eu-west-1'\.$/);
    const wrongService = await signed(r, { service: 's3' });
    await expectRefused(send(r.url, wrongService.headers, wrongService.body), 'InvalidSignatureException', /scoped to correct service: 'kms'/);
  });

  it('signed more than 5 minutes ago or ahead: "Signature expired" / "Signature not yet current"', async () => {
    const old = await signed(r, { date: new Date(Date.now() - 6 * 60_000) });
    await expectRefused(send(r.url, old.headers, old.body), 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const future = await signed(r, { date: new Date(Date.now() + 6 * 60_000) });
    await expectRefused(send(r.url, future.headers, future.body), 'InvalidSignatureException', /^Signature not yet current/);
    const skewed = await signed(r, { date: new Date(Date.now() - 4 * 60_000) });
    expect((await send(r.url, skewed.headers, skewed.body)).status).toBe(200);
  });

  it('the body changed after signing: InvalidSignatureException; a lying x-amz-content-sha256 too', async () => {
    const { headers } = await signed(r, { body: '{"Limit":1}' });
    await expectRefused(send(r.url, headers, '{"Limit":2}'), 'InvalidSignatureException');
    const s = await signed(r, { body: '{"Limit":1}' });
    const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    await expectRefused(send(r.url, { ...s.headers, 'x-amz-content-sha256': sha }, s.body), 'InvalidSignatureException', /x-amz-content-sha256/);
  });

  it('a changed header that was signed (the operation): InvalidSignatureException', async () => {
    const { headers, body } = await signed(r, { op: 'ListKeys' });
    await expectRefused(send(r.url, { ...headers, 'x-amz-target': 'TrentService.ListAliases' }, body), 'InvalidSignatureException');
  });

  it('an access key Keyward did not issue: UnrecognizedClientException', async () => {
    const { headers, body } = await signed(r, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    await expectRefused(send(r.url, headers, body), 'UnrecognizedClientException', /security token included in the request is invalid/);
  });

  it('a revoked key stops working at once; other keys keep working', async () => {
    const second = await r.ok('accessKeys:create', { Description: 'to revoke' });
    const c = new KMSClient({ endpoint: r.url, region: r.region, credentials: { accessKeyId: second.AccessKeyId, secretAccessKey: second.SecretAccessKey }, maxAttempts: 1 });
    try {
      await c.send(new ListKeysCommand({}));
      await r.ok('accessKeys:revoke', { AccessKeyId: second.AccessKeyId });
      await expect(c.send(new ListKeysCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      const listed = await r.ok('accessKeys:list', {});
      expect(listed.AccessKeys.map((k) => k.AccessKeyId)).toEqual([r.key.AccessKeyId]);
      const { headers, body } = await signed(r);
      expect((await send(r.url, headers, body)).status).toBe(200);
    } finally {
      c.destroy();
    }
  });

  it('an unknown operation or a GET: UnknownOperationException', async () => {
    const { headers, body } = await signed(r, { op: 'DeleteEverything' });
    await expectRefused(send(r.url, headers, body), 'UnknownOperationException');
    const get = await rawHttp({ url: r.url, method: 'GET' });
    expect(get.status).toBe(400);
  });
});

describe('bounds and binding', () => {
  it('binding to anything but 127.0.0.1 is refused with a clear error', async () => {
    const auth = { unlocked: () => false, region: () => 'us-east-1', secretOf: () => undefined };
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost', '::1']) {
      await expect(startKmsEndpoint({ host, port: 0, handle: r.svc.handle, auth })).rejects.toThrow(EndpointBindError);
    }
    await expect(startKmsEndpoint({ host: '0.0.0.0', port: 0, handle: r.svc.handle, auth })).rejects.toThrow(/listens on 127\.0\.0\.1 only/);
  });

  it('an oversized body is refused with 413 before it is read or checked', async () => {
    const big = '{"x":"' + 'a'.repeat(70 * 1024) + '"}';
    const { headers } = await signed(r, { body: big });
    const a = await send(r.url, headers, big).catch((e: unknown) => e);
    // The server answers 413 and closes; a client still writing may see the reset instead.
    if (a instanceof Error) expect(a.message).toMatch(/EPIPE|ECONNRESET/);
    else {
      expect((a as Answer).status).toBe(413);
      expect((a as Answer).body.__type).toBe('ValidationException');
    }
    const declared = await send(r.url, { ...headers, 'content-length': String(10 * 1024 * 1024) }, '').catch((e: unknown) => e);
    if (!(declared instanceof Error)) expect((declared as Answer).status).toBe(413);
  });

  it('slow headers (slowloris) and idle connections are cut off by the header deadline', async () => {
    const port = Number(new URL(r.url).port);
    const closedAfter = (trickle: boolean) =>
      new Promise<number>((resolve) => {
        const start = Date.now();
        const socket = connect(port, '127.0.0.1');
        let timer: NodeJS.Timeout | undefined;
        socket.on('connect', () => {
          if (!trickle) return;
          socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
          timer = setInterval(() => socket.write('X-Slow: a\r\n'), 100);
        });
        socket.on('data', () => {});
        socket.on('error', () => {});
        socket.on('close', () => {
          if (timer) clearInterval(timer);
          resolve(Date.now() - start);
        });
      });
    const [slow, idle] = await Promise.all([closedAfter(true), closedAfter(false)]);
    expect(slow).toBeLessThan(3000);
    expect(idle).toBeLessThan(3000);
    // ...and the endpoint still serves.
    const { headers, body } = await signed(r);
    expect((await send(r.url, headers, body)).status).toBe(200);
  });

  it('a port that is taken: api:configure answers ValidationException saying so, and the running endpoint keeps serving', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as AddressInfo).port; // a TCP listen gives AddressInfo
    try {
      const res = await r.svc.handle('api:configure', { Enabled: true, Port: taken }, { transport: 'ipc', sourceIPAddress: 'x', userAgent: 'x' });
      expect(res.ok ? 'ok' : res.error.name).toBe('ValidationException');
      expect(res.ok ? '' : res.error.message).toMatch(new RegExp(`Port ${taken} on 127\\.0\\.0\\.1 is already in use`));
      const { headers, body } = await signed(r);
      expect((await send(r.url, headers, body)).status).toBe(200);
    } finally {
      other.close();
    }
  });
});

describe('secrets', () => {
  it('an access key secret never reaches the audit log or any file outside the encrypted vault', async () => {
    const created = await r.ok('accessKeys:create', { Description: 'secret check' });
    expect(created.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(created.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    const c = new KMSClient({ endpoint: r.url, region: r.region, credentials: { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey }, maxAttempts: 1 });
    await c.send(new DescribeKeyCommand({ KeyId: 'alias/none' })).catch(() => undefined);
    c.destroy();
    const records = await auditRecords(r.dir);
    const create = records.filter((x) => x.eventName === 'accessKeys:create').at(-1);
    expect(create?.responseElements).toMatchObject({ accessKeyId: created.AccessKeyId });
    expect(JSON.stringify(create)).not.toMatch(/secretAccessKey/i);
    const everything = await allFilesText(r.dir);
    expect(everything).not.toContain(created.SecretAccessKey);
    expect(everything).not.toContain(r.key.SecretAccessKey);
    const list = await r.ok('accessKeys:list', {});
    expect(JSON.stringify(list)).not.toContain(created.SecretAccessKey);
    await r.ok('accessKeys:revoke', { AccessKeyId: created.AccessKeyId });
  });
});
