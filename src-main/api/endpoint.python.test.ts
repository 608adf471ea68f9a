/**
 * A Python client signing the way `aws-requests-auth` does (Debian python3-requests and
 * python3-aws-requests-auth; .ci/run installs them when missing): it signs only `host` and
 * `x-amz-date` (AWS requires no more: "Elements of an AWS API request signature",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html)
 * and sends x-amz-content-sha256 unsigned. An Encrypt/Decrypt round trip must work, as it
 * does against AWS KMS. Skipped, with the reason, where no python3 can import the modules.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

const run = promisify(execFile);

/** The first python3 that can import requests and aws_requests_auth (Debian's own first: pyenv shims do not see dist-packages). */
function findPython(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import requests, aws_requests_auth'], { timeout: 20_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

const PYTHON = findPython();
const REASON = PYTHON ?? 'skipped: no python3 with requests and aws_requests_auth (apt-get install -y python3-aws-requests-auth)';
if (!PYTHON) console.warn(`keyward: Python client test ${REASON}`);

/** Encrypt then Decrypt with aws-requests-auth; prints one JSON line per call: status and body. */
const SCRIPT = `
import json, os, requests
from aws_requests_auth.aws_auth import AWSRequestsAuth
url = os.environ['KW_URL']
auth = AWSRequestsAuth(aws_access_key=os.environ['KW_AKID'], aws_secret_access_key=os.environ['KW_SECRET'],
                       aws_host=url.split('://', 1)[1], aws_region=os.environ['KW_REGION'], aws_service='kms')
def call(op, body):
    r = requests.post(url + '/', data=json.dumps(body), auth=auth,
                      headers={'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'TrentService.' + op})
    print(json.dumps({'status': r.status_code, 'body': r.json()}))
    return r.json()
enc = call('Encrypt', {'KeyId': os.environ['KW_KEY'], 'Plaintext': 'aGVsbG8gZnJvbSBweXRob24=', 'EncryptionContext': {'lang': 'python'}})
call('Decrypt', {'CiphertextBlob': enc.get('CiphertextBlob', ''), 'EncryptionContext': {'lang': 'python'}})
call('Decrypt', {'CiphertextBlob': enc.get('CiphertextBlob', ''), 'EncryptionContext': {'lang': 'other'}})
`;

interface PyAnswer {
  status: number;
  body: Record<string, unknown>;
}

describe.skipIf(!PYTHON)(`Python aws-requests-auth client (${REASON})`, () => {
  let r: Running;
  beforeAll(async () => {
    r = await startRunning();
  });
  afterAll(async () => {
    await r?.close();
  });

  it('signs only host and x-amz-date: Encrypt/Decrypt round trip, and a wrong context is InvalidCiphertextException', async () => {
    const { KeyMetadata } = await r.ok('kms:CreateKey', { Description: 'python' });
    const { stdout } = await run(PYTHON!, ['-c', SCRIPT], { // skipIf above: PYTHON is set here
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        KW_URL: r.url, KW_AKID: r.key.AccessKeyId, KW_SECRET: r.key.SecretAccessKey, KW_REGION: r.region, KW_KEY: KeyMetadata.KeyId,
        NO_PROXY: '*', no_proxy: '*',
      },
    });
    const [enc, dec, wrong] = stdout.trim().split('\n').map((l) => JSON.parse(l) as PyAnswer); // the script prints JSON lines
    expect(enc?.status, JSON.stringify(enc)).toBe(200);
    expect(enc?.body['KeyId']).toBe(KeyMetadata.Arn);
    expect(dec?.status, JSON.stringify(dec)).toBe(200);
    expect(dec?.body['Plaintext']).toBe('aGVsbG8gZnJvbSBweXRob24=');
    expect(dec?.body['KeyId']).toBe(KeyMetadata.Arn);
    expect(wrong?.status).toBe(400);
    expect(wrong?.body['__type']).toBe('InvalidCiphertextException');
  });
});
