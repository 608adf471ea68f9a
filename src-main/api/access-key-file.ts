/**
 * The headless host's --create-access-key-file: the new key as an env file that shells
 * (`set -a; . ./file; set +a`), `docker --env-file` and CI secrets all read. Written with
 * mode 0600 through a temporary file and a rename, so no reader ever sees a partial file
 * or one with wider permissions.
 */
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CreatedAccessKey } from '../../src-shared/app.js';

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

export async function writeAccessKeyFile(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await chmod(tmp, 0o600); // the umask cannot widen it, but be explicit
  await rename(tmp, path);
}
