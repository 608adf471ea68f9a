/**
 * The endpoint's hot-path steps one at a time, in process, sequential (µs per call): SigV4
 * verification, request decoding and validation, response encoding, building the audit
 * record and its key references, its canonical line and chain hash, an IV. A diagnostic
 * beside bench/endpoint.ts (which gives the figures that count); it uses only entry points
 * that older trees have too, so the same file run in an older checkout gives the "before".
 * Run: npx tsx src-main/bench/endpoint-steps.ts
 */
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { KmsSchemas } from '../../src-shared/kms/schemas.js';
import { parseRequest } from '../../src-shared/validation.js';
import { decodeRequest, encodeResponse } from '../api/codec.js';
import { verifySigV4 } from '../api/sigv4.js';
import { sealRecordLine } from '../audit/chain.js';
import { buildAuditEvent } from '../audit/event-builder.js';
import { randomBytes } from '../crypto/random.js';
import { Sigv4Sha256 } from '../crypto/sigv4-sha256.js';
import { createTestEngine } from '../kms/test-harness.js';
import { keyArnsOf } from '../service/key-refs.js';

const ACCESS_KEY = 'AKIAKEYWARDBENCH0001';
const SECRET = 'benchmark/secret/key/0123456789abcdefghij';
const REGION = 'us-east-1';

async function main(): Promise<void> {
  const engine = createTestEngine();
  const { KeyMetadata } = await engine.call('CreateKey', {});
  const plaintext = randomBytes(1024);
  const body = JSON.stringify({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from(plaintext).toString('base64'), EncryptionContext: { bench: 'endpoint' } });
  const signer = new SignatureV4({ credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }, region: REGION, service: 'kms', sha256: Sigv4Sha256 });
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4000, path: '/', body,
    headers: { host: '127.0.0.1:4000', 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt' },
  }));
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const received = { method: 'POST', url: '/', headers, body: Buffer.from(body) };
  // signing-keys.ts exists only after the signing-key cache: an older tree verifies without one.
  const mod = await import('../api/signing-keys.js').catch(() => undefined);
  const cache = mod ? new mod.SigningKeyCache() : undefined;
  const options = { region: REGION, now: new Date(), secretOf: () => SECRET, ...(cache ? { signingKeys: cache } : {}) };
  const request = parseRequest(KmsSchemas.Encrypt, decodeRequest(body, 'Encrypt'), 'json');
  const response = await engine.call('Encrypt', request);
  const caller = { transport: 'api' as const, sourceIPAddress: '127.0.0.1', userAgent: 'aws-sdk-js/3 bench', accessKeyId: ACCESS_KEY, requestId: 'r' };
  const input = () => ({
    channel: 'kms:Encrypt', request, response, caller, accountId: '111122223333', region: REGION, now: new Date(),
    keyArns: keyArnsOf(engine.state, request, response), readOnly: false, requestId: 'r',
  });
  const event = buildAuditEvent(input());
  const steps: [string, () => unknown][] = [
    ['SigV4 verification', () => verifySigV4(received, options)],
    ['decode + validate request (JSON, base64, zod)', () => parseRequest(KmsSchemas.Encrypt, decodeRequest(body, 'Encrypt'), 'json')],
    ['encode response (JSON, base64)', () => encodeResponse(response)],
    ['audit record: key refs + build + bounds', () => buildAuditEvent(input())],
    ['audit canonical line + chain hash', () => sealRecordLine(event, 2, 'a'.repeat(64))],
    ['12 random bytes (an IV)', () => randomBytes(12)],
  ];
  console.log('Endpoint hot-path steps, in process, sequential (CPU µs per call, from process.cpuUsage, so other load on the machine counts less):');
  for (const [name, fn] of steps) {
    for (let i = 0; i < 2000; i++) await fn(); // warm up
    const n = 20_000;
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const t = process.cpuUsage(t0);
    console.log(`  ${name.padEnd(48)} ${((t.user + t.system) / n).toFixed(2).padStart(8)} µs`);
  }
}

await main();
