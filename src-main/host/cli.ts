/**
 * The headless host: the Keyward service in plain Node, its UI served to a browser on
 * 127.0.0.1 behind a per-run token. Built to out/main/host.js; run with `npm run serve`.
 * Prints exactly one line on stdout, the URL to open; everything else goes to stderr.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeywardService } from '../service/service.js';
import type { CallerContext, InProcessService } from '../service/types.js';
import { systemClock, VirtualClock } from '../platform/clock.js';
import { createKeyringKeychain } from './keyring-keychain.js';
import { parseHostOptions, passphraseFromFileText, USAGE, UsageError, type HostOptions } from './options.js';
import { startHostServer, type HostServer } from './server.js';
import { accessKeyFileText, writeAccessKeyFile } from '../api/access-key-file.js';
import { createKmsEndpoint } from '../api/controller.js';

const CLI_CALLER: CallerContext = { transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'keyward-host-cli' };

async function readPassphrase(options: HostOptions): Promise<string | undefined> {
  if (options.passphraseFile !== undefined) {
    return passphraseFromFileText(await readFile(options.passphraseFile, 'utf8'));
  }
  return options.passphrase;
}

/** Create the vault if it is missing, else unlock it: unattended start for demos and CI. */
async function openVault(service: InProcessService, passphrase: string): Promise<void> {
  const status = await service.invoke('vault:status', {}, CLI_CALLER);
  if (!status.ok) throw new Error(`${status.error.name}: ${status.error.message}`);
  const exists = status.value.exists;
  const result = exists
    ? await service.invoke('vault:unlock', { Passphrase: passphrase }, CLI_CALLER)
    : await service.invoke('vault:create', { Passphrase: passphrase }, CLI_CALLER);
  if (!result.ok) throw new Error(`${result.error.name}: ${result.error.message}`);
}

/** The KMS endpoint's URL on stderr (stdout carries only the UI's URL); the access key file if asked for. */
async function announceEndpoint(service: InProcessService, options: HostOptions): Promise<void> {
  const st = await service.invoke('api:status', {}, CLI_CALLER);
  const status = st.ok ? st.value : undefined;
  if (status?.Url) process.stderr.write(`Keyward KMS endpoint at ${status.Url} (region ${status.Region})\n`);
  if (options.createAccessKeyFile === undefined) return;
  const created = await service.invoke('accessKeys:create', { Description: 'created by --create-access-key-file' }, CLI_CALLER);
  if (!created.ok) throw new Error(`${created.error.name}: ${created.error.message}`);
  const key = created.value;
  await writeAccessKeyFile(options.createAccessKeyFile, accessKeyFileText(key, status?.Region ?? 'us-east-1', status?.Url));
  process.stderr.write(`Keyward: access key ${key.AccessKeyId} written to ${options.createAccessKeyFile}\n`);
}

async function main(): Promise<number> {
  let options: HostOptions;
  try {
    options = parseHostOptions(process.argv.slice(2), process.env, process.cwd());
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  await mkdir(dirname(options.vaultPath), { recursive: true, mode: 0o700 });
  const service = await createKeywardService({
    vaultPath: options.vaultPath,
    auditDir: options.auditDir,
    clock: options.virtualClock ? new VirtualClock() : systemClock,
    keychain: createKeyringKeychain(),
    endpoint: createKmsEndpoint,
    ...(options.kmsEndpointPort !== undefined ? { kmsEndpointPort: options.kmsEndpointPort } : {}),
  });

  let server: HostServer | undefined;
  let stoppingSince: number | undefined;
  const stop = async (code: number): Promise<void> => {
    if (stoppingSince !== undefined) {
      // Ctrl+C reaches the whole process group and `npm start` forwards it too, so the same
      // keypress can arrive twice; only a later, separate signal forces an exit.
      if (Date.now() - stoppingSince > 2_000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    try {
      await server?.close();
      await service.close();
    } catch (e) {
      process.stderr.write(`Keyward: closing failed: ${e instanceof Error ? e.message : String(e)}\n`);
      code = 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const passphrase = await readPassphrase(options);
    if (passphrase !== undefined) await openVault(service, passphrase);
    await announceEndpoint(service, options);
    server = await startHostServer({
      service,
      port: options.port,
      staticDir: options.rendererDir ?? fileURLToPath(new URL('../renderer/', import.meta.url)),
      // stdout keeps its one line; a link reopened from a browser's history gets a new one here.
      onNewLink: (url) => process.stderr.write(`Keyward: that link was already used; open this new one: ${url}\n`),
    });
  } catch (e) {
    process.stderr.write(`Keyward could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    await service.close().catch(() => undefined);
    return 1;
  }
  process.stdout.write(`Keyward (browser mode) at ${server.url}\n`);
  return -1; // keep running until a signal
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`Keyward could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
