/**
 * Headless: --kms-endpoint-port / KEYWARD_KMS_PORT start the endpoint, and
 * --create-access-key-file writes a first access key (mode 0600) that real clients use.
 */
import { spawn } from 'node:child_process';
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { parseHostOptions, UsageError } from './options.js';
import { tempDir } from '../testing/vault-kit.js';

describe('host flags for the KMS endpoint', () => {
  it('parses --kms-endpoint-port and KEYWARD_KMS_PORT; flags win', () => {
    expect(parseHostOptions(['--kms-endpoint-port', '4599'], {}, '/w').kmsEndpointPort).toBe(4599);
    expect(parseHostOptions([], { KEYWARD_KMS_PORT: '0' }, '/w').kmsEndpointPort).toBe(0);
    expect(parseHostOptions(['--kms-endpoint-port', '5000'], { KEYWARD_KMS_PORT: '6000' }, '/w').kmsEndpointPort).toBe(5000);
    expect(parseHostOptions([], {}, '/w').kmsEndpointPort).toBeUndefined();
    expect(() => parseHostOptions(['--kms-endpoint-port', '70000'], {}, '/w')).toThrow(/--kms-endpoint-port expects/);
  });

  it('--create-access-key-file needs the passphrase, and resolves against the working folder', () => {
    expect(() => parseHostOptions(['--create-access-key-file', 'k.env'], {}, '/w')).toThrow(UsageError);
    const o = parseHostOptions(['--create-access-key-file', 'k.env'], { KEYWARD_PASSPHRASE: 'long enough pass' }, '/w');
    expect(o.createAccessKeyFile).toBe('/w/k.env');
    expect(parseHostOptions([], { KEYWARD_CREATE_ACCESS_KEY_FILE: '/x/k.env', KEYWARD_PASSPHRASE_FILE: '/p' }, '/w').createAccessKeyFile).toBe('/x/k.env');
  });

  it('the host started with both flags serves a client configured from the written file', async () => {
    const { dir, cleanup } = await tempDir();
    const keyFile = join(dir, 'key.env');
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src-main/host/cli.ts'),
      '--vault', join(dir, 'vault.kwv'), '--kms-endpoint-port', '0', '--create-access-key-file', keyFile], {
      env: { ...process.env, KEYWARD_PASSPHRASE: 'correct horse battery staple' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 30 s: ${stderr}`)), 30_000);
        createInterface({ input: child.stdout }).once('line', () => {
          clearTimeout(timer);
          resolve();
        });
        child.once('exit', (code) => reject(new Error(`host exited ${String(code)}: ${stderr}`)));
      });
      expect(stderr).toMatch(/Keyward KMS endpoint at http:\/\/127\.0\.0\.1:\d+ \(region us-east-1\)/);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      const env = Object.fromEntries((await readFile(keyFile, 'utf8')).split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(Object.keys(env).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_KMS', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']);
      expect(stderr).not.toContain(env['AWS_SECRET_ACCESS_KEY']!);
      const client = new KMSClient({
        endpoint: env['AWS_ENDPOINT_URL_KMS']!,
        region: env['AWS_REGION']!,
        credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
        maxAttempts: 1,
      });
      expect((await client.send(new ListKeysCommand({}))).Keys).toEqual([]);
      client.destroy();
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      await cleanup();
    }
  }, 60_000);
});
