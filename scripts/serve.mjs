// Run the headless host (out/main/host.js) with plain Node, passing arguments through.
// `npm run serve` builds first; `npm run serve -- --port 8080 --virtual-clock`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './electron-binary.mjs';

const host = join(ROOT, 'out', 'main', 'host.js');
if (!existsSync(host)) {
  console.error('out/main/host.js is missing: run `npm run build` first (or use `npm run serve`).');
  process.exit(1);
}
const child = spawn(process.execPath, [host, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
