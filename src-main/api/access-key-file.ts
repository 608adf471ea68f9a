/**
 * The headless host's --create-access-key-file: the new key as an env file that shells
 * (`set -a; . ./file; set +a`), `docker --env-file` and CI secrets all read. Written with
 * mode 0600 through a temporary file and a rename, so no reader ever sees a partial file
 * or one with wider permissions.
 */
import { basename, dirname, join } from 'node:path';
import type { CreatedAccessKey } from '../../src-shared/app.js';
import { writeFileDurably } from '../platform/durable-write.js';
import { nodeFs } from '../platform/fs.js';

export function accessKeyFileText(key: CreatedAccessKey, region: string, endpointUrl: string | undefined): string {
  return [
    `# Keyward access key ${key.AccessKeyId}, created ${key.CreatedAt.toISOString()}. Keep this file private.`,
    '# Load it with: set -a; . ./<this file>; set +a',
    `AWS_ACCESS_KEY_ID=${key.AccessKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${key.SecretAccessKey}`,
    `AWS_REGION=${region}`,
    ...(endpointUrl ? [`AWS_ENDPOINT_URL_KMS=${endpointUrl}`] : []),
    '',
  ].join('\n');
}

/**
 * Write the env file durably (platform/durable-write.ts: temporary file created with mode 0600,
 * fsync, rename, directory fsync), so no reader ever sees a partial file or wider permissions.
 */
export async function writeAccessKeyFile(path: string, text: string): Promise<void> {
  const tmpPath = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFileDurably(nodeFs, path, new TextEncoder().encode(text), { tmpPath, removeTmpOnFailure: true });
}
