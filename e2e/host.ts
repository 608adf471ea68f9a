/**
 * Start and stop the headless host (out/main/host.js) for a test: a fresh temporary vault
 * folder, any free port, no unattended passphrase (the test creates the vault in the UI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './paths.js';

export interface RunningHost {
  /** http://127.0.0.1:PORT/#token=TOKEN, as printed. */
  url: string;
  origin: string;
  token: string;
  vaultDir: string;
  stop(): Promise<void>;
}

const URL_LINE = /^Keyward \(browser mode\) at (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)$/;

/**
 * `vaultDir`: a folder that already holds vault.kwv (the benches seed one), default a new
 * temporary one; it is deleted by stop(). `root`: the checkout whose out/main/host.js runs (a
 * bench's baseline build), default this one.
 */
export async function startHost(options: { args?: string[]; env?: Record<string, string>; vaultDir?: string; root?: string } = {}): Promise<RunningHost> {
  const vaultDir = options.vaultDir ?? await mkdtemp(join(tmpdir(), 'keyward-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.KEYWARD_PASSPHRASE;
  delete env.KEYWARD_PASSPHRASE_FILE;
  delete env.KEYWARD_VAULT;
  delete env.KEYWARD_PORT;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(options.root ?? ROOT, 'out', 'main', 'host.js'), '--vault', join(vaultDir, 'vault.kwv'), '--port', '0', ...(options.args ?? [])],
    { cwd: options.root ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host printed no URL within 20 s. stderr:\n${stderr}`)), 20_000);
    const rl = createInterface({ input: child.stdout! }); // stdio 'pipe' gives a stdout stream
    rl.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited (code ${String(code)}) before printing its URL. stderr:\n${stderr}`));
    });
  });
  const m = URL_LINE.exec(line);
  if (m === null) throw new Error(`unexpected first line from the host: ${JSON.stringify(line)}`);
  const origin = m[1]!; // both groups always take part in a match
  const token = m[2]!;

  return {
    url: line.slice(line.indexOf('http')),
    origin,
    token,
    vaultDir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(vaultDir, { recursive: true, force: true });
    },
  };
}
