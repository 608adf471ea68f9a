/**
 * Bench for the local KMS endpoint (src-main/api/): Encrypt (1 KiB) requests per second over
 * loopback, SigV4-signed, at concurrency 16 on a keep-alive agent, beside a bare node:http
 * server that parses the same JSON and answers a same-sized body, measured in the same run.
 * Run: npx tsx src-main/bench/endpoint.ts
 *
 * The load generator runs in a worker thread so its work does not share the servers' event
 * loop. It replays a pool of requests signed up front (SigV4 has no nonce; each signature
 * stays valid for the 5-minute skew window), so both servers see identical traffic and the
 * client's signing cost is out of the figures. The endpoint runs with production settings:
 * every request is verified, routed, encrypted and audited (fail closed: the answer waits
 * for its audit record's write).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditFileIO } from '../audit/segment-io.js';
import type { AuditLogOptions } from '../audit/store.js';
import { HttpRequest } from '@smithy/protocol-http';
import { base64 } from '@scure/base';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ApiStatus, CreatedAccessKey } from '../../src-shared/app.js';
import { KmsSchemas } from '../../src-shared/kms/schemas.js';
import { parseRequest } from '../../src-shared/validation.js';
import { decodeRequest, encodeResponse } from '../api/codec.js';
import { Sigv4Sha256 } from '../crypto/sigv4-sha256.js';
import { randomBytes } from '../crypto/random.js';
import { verifySigV4 } from '../api/sigv4.js';
import { systemClock } from '../platform/clock.js';
import { createKmsEndpoint } from '../api/controller.js';
import { createKeywardService } from '../service/service.js';
import type { CallerContext } from '../service/types.js';
import { noKeychain } from '../vault/keychain.js';
import { fmt, rate, row, type Rate } from './measure.js';

const CONCURRENCY = 16;
const WARM_MS = 700;
const RUN_MS = 3000;
const POOL = 256;
const CALLER: CallerContext = { transport: 'ipc', sourceIPAddress: 'bench', userAgent: 'bench' };

interface Signed {
  headers: Record<string, string>;
  body: string;
}

/** The closed-loop load generator (plain JS for the worker): CONCURRENCY loops, each one request at a time. */
const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, requests, concurrency, warmMs, runMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, noDelay: true });
let i = 0, done = 0, errors = 0, counting = false, stop = false;
function one() {
  return new Promise((resolve) => {
    const r = requests[i++ % requests.length];
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: r.headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => { if (counting) { if (res.statusCode === 200) done++; else errors++; } resolve(); });
    });
    req.on('error', () => { if (counting) errors++; resolve(); });
    req.end(r.body);
  });
}
async function loop() { while (!stop) await one(); }
const loops = Array.from({ length: concurrency }, loop);
setTimeout(() => {
  counting = true;
  const t0 = process.hrtime.bigint();
  setTimeout(async () => {
    counting = false;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    stop = true;
    await Promise.all(loops);
    agent.destroy();
    parentPort.postMessage({ done, errors, seconds });
  }, runMs);
}, warmMs);
`;

function load(port: number, requests: Signed[]): Promise<Rate & { errors: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOAD, { eval: true, workerData: { port, requests, concurrency: CONCURRENCY, warmMs: WARM_MS, runMs: RUN_MS } });
    w.once('message', (m: { done: number; errors: number; seconds: number }) => {
      void w.terminate();
      resolve({ opsPerSec: m.done / m.seconds, usPerOp: (m.seconds * 1e6) / Math.max(1, m.done), errors: m.errors });
    });
    w.once('error', reject);
  });
}

async function sign(url: string, key: CreatedAccessKey, region: string, body: string): Promise<Signed> {
  const u = new URL(url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey },
    region,
    service: 'kms',
    sha256: Sigv4Sha256,
  });
  const req = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    // As the SDKs send it: with Content-Length (a chunked body reaches the server in a later
    // segment, and the answer then waits on delayed ACKs, which measures TCP, not Keyward).
    headers: {
      host: u.host,
      'content-length': String(Buffer.byteLength(body)),
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'TrentService.Encrypt',
      'user-agent': 'keyward-bench',
    },
    body,
  });
  const out = await signer.sign(req);
  return { headers: out.headers, body };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The baseline: parse the same JSON, decode the blob, answer a body of the same shape and size. */
async function startBare(answerBytes: number): Promise<{ port: number; close(): void }> {
  const server = createServer((req, res) => {
    void readAll(req).then((text) => {
      const parsed = JSON.parse(text) as { KeyId: string; Plaintext: string }; // the bench's own request shape
      Buffer.from(parsed.Plaintext, 'base64');
      const body = JSON.stringify({ CiphertextBlob: base64.encode(randomBytes(answerBytes)), KeyId: parsed.KeyId, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': 'bare' });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() }; // TCP listen gives AddressInfo
}

/** Diagnostic only: an audit file port that keeps nothing, to show what the audit writes cost. */
const memoryAuditIO: AuditFileIO = {
  openSegment: () => Promise.resolve({
    initialSize: 0,
    writeAt: () => Promise.resolve(),
    truncate: () => Promise.resolve(),
    sync: () => Promise.resolve(),
    close: () => Promise.resolve(),
  }),
  syncDir: () => Promise.resolve(),
};

/** A fresh service with its endpoint listening, an access key, a key, and a pool of signed Encrypt requests. */
async function endpointService(dir: string, name: string, audit: AuditLogOptions = {}) {
  const svc = await createKeywardService({
    vaultPath: join(dir, `${name}.kwv`),
    auditDir: join(dir, `${name}-audit`),
    clock: systemClock,
    keychain: noKeychain,
    kdf: { N: 2 ** 10, r: 8, p: 1 },
    endpoint: createKmsEndpoint,
    kmsEndpointPort: 0,
    audit,
  });
  const ok = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await svc.handle(channel, payload, CALLER);
    if (!r.ok) throw new Error(`${channel}: ${r.error.name}: ${r.error.message}`);
    return r.value as T; // the caller names the shape
  };
  try {
    await ok('vault:create', { Passphrase: 'benchmark passphrase' });
    const status = await ok<ApiStatus>('api:status', {});
    const key = await ok<CreatedAccessKey>('accessKeys:create', { Description: 'bench' });
    const { KeyMetadata } = await ok<{ KeyMetadata: { KeyId: string } }>('kms:CreateKey', {});
    const plaintext = randomBytes(1024);
    const body = JSON.stringify({ KeyId: KeyMetadata.KeyId, Plaintext: base64.encode(plaintext), EncryptionContext: { bench: 'endpoint' } });
    const url = status.Url!; // startup with kmsEndpointPort listens or throws
    const requests = await Promise.all(Array.from({ length: POOL }, () => sign(url, key, status.Region, body)));
    return { svc, ok, status, key, keyId: KeyMetadata.KeyId, plaintext, url, requests };
  } catch (e) {
    await svc.close();
    throw e;
  }
}

/** Encrypt at c=16 through a fresh service's endpoint (same pre-signed traffic shape). */
async function endpointRun(dir: string, name: string, audit: AuditLogOptions): Promise<Rate & { errors: number }> {
  const { svc, url, requests } = await endpointService(dir, name, audit);
  try {
    return await load(Number(new URL(url).port), requests);
  } finally {
    await svc.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-endpoint-'));
  console.log(`Keyward KMS endpoint bench (node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs); Encrypt 1 KiB, concurrency ${CONCURRENCY}, ${RUN_MS} ms each\n`);
  const { svc, ok, status, key, keyId, plaintext, url, requests } = await endpointService(dir, 'bench');
  try {
    const sample = await ok<{ CiphertextBlob: Uint8Array }>('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext });

    const bare = await startBare(sample.CiphertextBlob.length);
    const bareRate = await load(bare.port, requests);
    bare.close();
    const endpointRate = await load(Number(new URL(url).port), requests);
    const ratio = endpointRate.opsPerSec / bareRate.opsPerSec;
    console.log(row('Encrypt via KMS endpoint (SigV4, audited)', fmt.ops(endpointRate), `bare node:http ${fmt.ops(bareRate)}`, ratio));
    if (endpointRate.errors + bareRate.errors > 0) console.log(`  non-200 answers: endpoint ${endpointRate.errors}, bare ${bareRate.errors}`);
    const memory = await endpointRun(dir, 'memory-audit', { io: memoryAuditIO });
    console.log(row('  diagnostic: audit records kept in memory', fmt.ops(memory), `bare ${fmt.ops(bareRate)}`, memory.opsPerSec / bareRate.opsPerSec));

    // Where the time goes, per request, in this process (sequential).
    const one = requests[0]!;
    const secret = key.SecretAccessKey;
    const verify = await rate(() => verifySigV4(
      { method: 'POST', url: '/', headers: lowerCase(one.headers), body: Buffer.from(one.body) },
      { region: status.Region, now: new Date(), secretOf: () => secret },
    ), 800);
    const codec = await rate(() => encodeResponse(parseRequest(KmsSchemas.Encrypt, decodeRequest(one.body), 'json')), 800);
    const routed = await rate(() => svc.handle('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: { bench: 'endpoint' } }, CALLER), 800);
    const routed16 = await rate(() => Promise.all(Array.from({ length: 16 }, () => svc.handle('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext }, CALLER))), 800);
    console.log('\nWhere the time goes (per request, sequential, in process):');
    console.log(row('  SigV4 verification', `${verify.usPerOp.toFixed(1)} µs`));
    console.log(row('  JSON + base64 codec', `${codec.usPerOp.toFixed(1)} µs`));
    console.log(row('  router (validate, engine, audit append)', `${routed.usPerOp.toFixed(1)} µs`));
    console.log(row('  router, 16 concurrent (per request)', `${(routed16.usPerOp / 16).toFixed(1)} µs`));
    console.log(row('  bare server (per request at c=16)', `${bareRate.usPerOp.toFixed(1)} µs`));
    console.log(row('  endpoint (per request at c=16)', `${endpointRate.usPerOp.toFixed(1)} µs`));
  } finally {
    await svc.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function lowerCase(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

await main();
