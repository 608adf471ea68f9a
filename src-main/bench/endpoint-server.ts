/**
 * A server process of the endpoint bench (bench/endpoint.ts starts it pinned to one core and
 * reads its CPU time from /proc): `keyward` runs the real service with its KMS endpoint
 * (production settings: every request verified, validated, encrypted, audited on disk before
 * the answer); `bare` is a node:http server that parses the same JSON, decodes the blob with
 * Buffer and answers a body of the same shape and size (the baseline).
 *
 * Run by the bench only: `node <tsx loader> endpoint-server.ts keyward|bare <dir> [traffic.json]`.
 * It talks to its parent over the IPC channel: it sends `{ port, traffic }` when listening and
 * exits cleanly on `'exit'` (so `--cpu-prof` can write its profile); the Keyward server also
 * profiles itself between `'prof-start'` and `'prof-stop'` (answering the profile's file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ApiStatus, CreatedAccessKey } from '../../src-shared/app.js';
import { createKmsEndpoint } from '../api/controller.js';
import { randomBytes, randomUuid } from '../crypto/random.js';
import { Sigv4Sha256 } from '../crypto/sigv4-sha256.js';
import { systemClock } from '../platform/clock.js';
import { createKeywardService } from '../service/service.js';
import type { CallerContext } from '../service/types.js';
import { noKeychain } from '../vault/keychain.js';

/** One request as the load generator replays it. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** The traffic of one operation: a pool of signed requests and a sample answer (for the bare server's body). */
export interface OpTraffic {
  op: 'Encrypt' | 'Decrypt' | 'GenerateDataKey';
  requests: SignedRequest[];
  sample: string;
}

const POOL = 128;
const CALLER: CallerContext = { transport: 'ipc', sourceIPAddress: 'bench', userAgent: 'bench' };

/** Base64 through Buffer (no copy). */
function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function send(message: unknown): void {
  if (!process.send) throw new Error('endpoint-server.ts runs as a child of bench/endpoint.ts (needs an IPC channel)');
  process.send(message);
}

async function sign(url: string, key: CreatedAccessKey, region: string, op: string, body: string): Promise<SignedRequest> {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, region, service: 'kms', sha256: Sigv4Sha256 });
  const out = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', body,
    // As the SDKs send it: with Content-Length, so the body arrives with the headers.
    headers: {
      host: u.host, 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `TrentService.${op}`, 'user-agent': 'keyward-bench',
    },
  }));
  return { headers: out.headers, body };
}

async function keyward(dir: string): Promise<void> {
  const svc = await createKeywardService({
    vaultPath: join(dir, 'bench.kwv'), auditDir: join(dir, 'bench-audit'), clock: systemClock, keychain: noKeychain,
    kdf: { N: 2 ** 10, r: 8, p: 1 }, endpoint: createKmsEndpoint, kmsEndpointPort: 0,
  });
  const ok = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await svc.handle(channel, payload, CALLER);
    if (!r.ok) throw new Error(`${channel}: ${r.error.name}: ${r.error.message}`);
    return r.value as T; // the caller names the shape
  };
  await ok('vault:create', { Passphrase: 'benchmark passphrase' });
  const status = await ok<ApiStatus>('api:status', {});
  const key = await ok<CreatedAccessKey>('accessKeys:create', { Description: 'bench' });
  const { KeyMetadata } = await ok<{ KeyMetadata: { KeyId: string } }>('kms:CreateKey', {});
  const keyId = KeyMetadata.KeyId;
  const context = { bench: 'endpoint' };
  const plaintext = randomBytes(1024);
  const sealed = await ok<{ CiphertextBlob: Uint8Array }>('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
  const url = status.Url!; // kmsEndpointPort given: the endpoint listens or startup throws
  const bodies = {
    Encrypt: JSON.stringify({ KeyId: keyId, Plaintext: b64(plaintext), EncryptionContext: context }),
    Decrypt: JSON.stringify({ KeyId: keyId, CiphertextBlob: b64(sealed.CiphertextBlob), EncryptionContext: context }),
    GenerateDataKey: JSON.stringify({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }),
  } as const;
  const traffic: OpTraffic[] = [];
  for (const op of ['Encrypt', 'Decrypt', 'GenerateDataKey'] as const) {
    const requests = await Promise.all(Array.from({ length: POOL }, () => sign(url, key, status.Region, op, bodies[op])));
    const first = requests[0]!;
    const res = await fetch(url, { method: 'POST', headers: first.headers, body: first.body });
    const sample = await res.text();
    if (res.status !== 200) throw new Error(`${op}: ${res.status} ${sample}`);
    traffic.push({ op, requests, sample });
  }
  const file = join(dir, 'traffic.json');
  writeFileSync(file, JSON.stringify(traffic));
  const port = Number(new URL(url).port);
  process.on('message', (m) => {
    if (m === 'prof-start' || m === 'prof-stop') {
      void profile(m, dir).then(send);
      return;
    }
    if (m !== 'exit') return;
    svc.close().then(() => process.exit(0), (e: unknown) => {
      console.error(`endpoint-server: close failed: ${String(e)}`);
      process.exit(1);
    });
  });
  send({ port, traffic: file });
}

const inspector = new Session();

/** Start the V8 CPU profiler, or stop it and write the profile (Chrome DevTools format) into `dir`; answers the file or ''. */
async function profile(what: 'prof-start' | 'prof-stop', dir: string): Promise<string> {
  const post = (method: string): Promise<unknown> => new Promise((resolve, reject) => {
    inspector.post(method, (e, r) => (e ? reject(e) : resolve(r)));
  });
  if (what === 'prof-start') {
    inspector.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
    return '';
  }
  const { profile: p } = (await post('Profiler.stop')) as { profile: unknown }; // the inspector protocol's Profiler.stop result
  inspector.disconnect();
  const file = join(dir, 'keyward-encrypt.cpuprofile');
  writeFileSync(file, JSON.stringify(p));
  return file;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const BLOBS = ['CiphertextBlob', 'Plaintext'] as const;

async function bare(trafficFile: string): Promise<void> {
  const traffic = JSON.parse(readFileSync(trafficFile, 'utf8')) as OpTraffic[]; // written by keyward() above
  // Per operation: the sample answer's fields, with each blob's decoded length.
  const answers = new Map(traffic.map((t) => {
    const sample = JSON.parse(t.sample) as Record<string, unknown>; // the endpoint's own JSON answer
    const lengths = BLOBS.filter((b) => typeof sample[b] === 'string').map((b) => [b, Buffer.from(sample[b] as string, 'base64').length] as const); // filtered to strings
    return [`TrentService.${t.op}`, { sample, lengths }];
  }));
  const server = createServer((req, res) => {
    void readAll(req).then((raw) => {
      const parsed = JSON.parse(raw.toString('utf8')) as Record<string, unknown>; // the bench's own request shapes
      for (const b of BLOBS) if (typeof parsed[b] === 'string') Buffer.from(parsed[b], 'base64');
      const answer = answers.get(String(req.headers['x-amz-target']))!; // the bench sends only these targets
      const out: Record<string, unknown> = { ...answer.sample, KeyId: parsed['KeyId'] };
      for (const [b, n] of answer.lengths) out[b] = b64(randomBytes(n));
      const body = JSON.stringify(out);
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': randomUuid() });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (m) => {
    if (m === 'exit') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  send({ port: (server.address() as AddressInfo).port, traffic: trafficFile }); // TCP listen gives AddressInfo
}

// The bench that started this process is gone (killed, or its output pipe closed): stop too.
process.on('disconnect', () => process.exit(0));

const [role, dir, trafficFile] = process.argv.slice(2);
if (role === 'keyward' && dir) await keyward(dir);
else if (role === 'bare' && trafficFile) await bare(trafficFile);
else throw new Error('usage: endpoint-server.ts keyward <dir> | bare <dir> <traffic.json>');
