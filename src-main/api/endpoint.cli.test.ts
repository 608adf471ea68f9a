/**
 * The AWS CLI v2 from Debian (`apt-get install -y awscli`; .ci/run installs it when
 * missing) against the endpoint: create-key, an encrypt/decrypt round trip through files,
 * and describe-key of a missing key failing with NotFoundException.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunning, type Running } from '../testing/endpoint-kit.js';

const AWS = '/usr/bin/aws';
const HAVE_AWS = existsSync(AWS);
const run = promisify(execFile);

let r: Running;
let home: string;

async function aws(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const out = await run(AWS, ['--endpoint-url', r.url, '--output', 'json', 'kms', ...args], {
      cwd: home,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        AWS_ACCESS_KEY_ID: r.key.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: r.key.SecretAccessKey,
        AWS_REGION: r.region,
        AWS_DEFAULT_REGION: r.region,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    return { ...out, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number }; // execFile's rejection carries these
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1 };
  }
}

describe.skipIf(!HAVE_AWS)(`AWS CLI v2 (${HAVE_AWS ? AWS : `${AWS} missing: apt-get install -y awscli`})`, () => {
  beforeAll(async () => {
    r = await startRunning();
    home = await mkdtemp(join(tmpdir(), 'keyward-awscli-'));
  });
  afterAll(async () => {
    await r?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('is version 2', async () => {
    const { stdout } = await run(AWS, ['--version'], { env: { PATH: '/usr/bin:/bin', HOME: tmpdir() } });
    expect(stdout).toMatch(/^aws-cli\/2\./);
  });

  it('create-key, then encrypt and decrypt a file round trip via fileb://', async () => {
    const created = await aws('create-key', '--description', 'from the aws cli');
    expect(created.code, created.stderr).toBe(0);
    const meta = (JSON.parse(created.stdout) as { KeyMetadata: { KeyId: string; CreationDate: string } }).KeyMetadata; // the CLI prints the response JSON
    expect(meta.KeyId).toMatch(/^[0-9a-f-]{36}$/);
    const plain = join(home, 'plain.bin');
    const original = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
    await writeFile(plain, original);
    const enc = await aws('encrypt', '--key-id', meta.KeyId, '--plaintext', `fileb://${plain}`,
      '--encryption-context', 'purpose=cli-test', '--query', 'CiphertextBlob', '--output', 'text');
    expect(enc.code, enc.stderr).toBe(0);
    const blob = join(home, 'blob.bin');
    await writeFile(blob, Buffer.from(enc.stdout.trim(), 'base64'));
    const dec = await aws('decrypt', '--ciphertext-blob', `fileb://${blob}`, '--encryption-context', 'purpose=cli-test',
      '--query', 'Plaintext', '--output', 'text');
    expect(dec.code, dec.stderr).toBe(0);
    expect(Buffer.from(dec.stdout.trim(), 'base64').equals(original)).toBe(true);
    expect(await readFile(plain)).toEqual(original);
  });

  it('describe-key of a missing key fails with NotFoundException', async () => {
    const res = await aws('describe-key', '--key-id', 'alias/does-not-exist');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/An error occurred \(NotFoundException\) when calling the DescribeKey operation/);
  });

  it('wrong credentials fail with UnrecognizedClientException', async () => {
    const saved = r.key;
    r.key = { ...saved, AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' };
    try {
      const res = await aws('list-keys');
      expect(res.stderr).toMatch(/UnrecognizedClientException/);
    } finally {
      r.key = saved;
    }
  });
});
