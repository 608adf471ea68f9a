/**
 * Command-line flags and environment for the headless host, parsed without side effects
 * so they can be tested. Flags win over environment variables.
 */
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface HostOptions {
  vaultPath: string;
  auditDir: string;
  port: number;
  /** File holding the passphrase (first line). */
  passphraseFile?: string;
  /** The passphrase itself, from KEYWARD_PASSPHRASE (never a flag: argv is visible to `ps`). */
  passphrase?: string;
  virtualClock: boolean;
  /** The built renderer; defaults to out/renderer beside out/main/host.js. */
  rendererDir?: string;
  /** Start the local KMS endpoint on this port for this run (0 = any free port). */
  kmsEndpointPort?: number;
  /** Create an access key and write it (env-file format, mode 0600) here. Needs the passphrase. */
  createAccessKeyFile?: string;
  help: boolean;
}

export const DEFAULT_VAULT = './.vault-dev/vault.kwv';

export const USAGE = `Usage: node out/main/host.js [options]

Runs Keyward without Electron and serves its UI to a browser on 127.0.0.1.

Options (environment variable in brackets):
  --vault <path>            vault file [KEYWARD_VAULT] (default ${DEFAULT_VAULT});
                            the audit log goes to <its folder>/audit
  --port <n>                port on 127.0.0.1, 0 = any free port [KEYWARD_PORT] (default 0)
  --passphrase-file <path>  create the vault with this passphrase if missing, else unlock it
                            [KEYWARD_PASSPHRASE_FILE]; or set KEYWARD_PASSPHRASE to the passphrase
  --virtual-clock           start a virtual clock the UI can advance [KEYWARD_VIRTUAL_CLOCK=1]
  --renderer-dir <path>     built renderer to serve [KEYWARD_RENDERER_DIR] (default out/renderer)
  --kms-endpoint-port <n>   start the local KMS endpoint (AWS JSON 1.1 + SigV4) on 127.0.0.1:<n>
                            for this run, 0 = any free port [KEYWARD_KMS_PORT]; its URL goes to stderr
  --create-access-key-file <path>
                            create an access key for the endpoint and write AWS_ACCESS_KEY_ID,
                            AWS_SECRET_ACCESS_KEY, AWS_REGION and AWS_ENDPOINT_URL_KMS to <path>
                            (mode 0600) [KEYWARD_CREATE_ACCESS_KEY_FILE]; needs the passphrase
  -h, --help                show this help
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parsePort(text: string, flag = '--port'): number {
  if (!/^\d{1,5}$/.test(text)) throw new UsageError(`${flag} expects a number from 0 to 65535, got "${text}"`);
  const n = Number(text);
  if (n > 65535) throw new UsageError(`${flag} expects a number from 0 to 65535, got "${text}"`);
  return n;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v);
}

export function parseHostOptions(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): HostOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        vault: { type: 'string' },
        port: { type: 'string' },
        'passphrase-file': { type: 'string' },
        'virtual-clock': { type: 'boolean' },
        'renderer-dir': { type: 'string' },
        'kms-endpoint-port': { type: 'string' },
        'create-access-key-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const vaultPath = resolve(cwd, values.vault ?? env.KEYWARD_VAULT ?? DEFAULT_VAULT);
  const portText = values.port ?? env.KEYWARD_PORT;
  const passphraseFile = values['passphrase-file'] ?? env.KEYWARD_PASSPHRASE_FILE;
  const rendererDir = values['renderer-dir'] ?? env.KEYWARD_RENDERER_DIR;
  const passphrase = env.KEYWARD_PASSPHRASE;
  const kmsPortText = values['kms-endpoint-port'] ?? env.KEYWARD_KMS_PORT;
  const accessKeyFile = values['create-access-key-file'] ?? env.KEYWARD_CREATE_ACCESS_KEY_FILE;
  if (accessKeyFile && !passphraseFile && !passphrase) {
    throw new UsageError('--create-access-key-file needs the vault unlocked at start: give --passphrase-file or set KEYWARD_PASSPHRASE');
  }
  return {
    vaultPath,
    auditDir: join(dirname(vaultPath), 'audit'),
    port: portText === undefined || portText === '' ? 0 : parsePort(portText),
    ...(passphraseFile ? { passphraseFile: resolve(cwd, passphraseFile) } : {}),
    ...(passphrase ? { passphrase } : {}),
    virtualClock: values['virtual-clock'] === true || truthy(env.KEYWARD_VIRTUAL_CLOCK),
    ...(rendererDir ? { rendererDir: resolve(cwd, rendererDir) } : {}),
    ...(kmsPortText !== undefined && kmsPortText !== '' ? { kmsEndpointPort: parsePort(kmsPortText, '--kms-endpoint-port') } : {}),
    ...(accessKeyFile ? { createAccessKeyFile: resolve(cwd, accessKeyFile) } : {}),
    help: values.help === true,
  };
}

/** The passphrase file's first line, without its line ending. */
export function passphraseFromFileText(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line;
}
