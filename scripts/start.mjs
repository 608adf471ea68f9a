// `npm start`: the desktop app when the Electron binary is installed, else browser mode
// (the headless host), saying so plainly.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary, ROOT } from './electron-binary.mjs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const build = spawnSync(npx, ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = findElectronBinary();
if (electron !== null) {
  run(electron, ['.', ...process.argv.slice(2)]);
} else {
  console.log(
    'Electron binary not installed (it is downloaded from GitHub; run `npx install-electron` with network access to GitHub).\n' +
      'Starting Keyward in browser mode instead.',
  );
  run(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), ...process.argv.slice(2)]);
}
