import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // host.js is the headless host, run with plain `node`: nothing in its chunk graph
        // may import 'electron' (scripts/check-layers.mjs verifies the built output).
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          host: resolve(root, 'src-main/host/cli.ts'),
          // The audit chain walk's worker thread (src-main/audit/verify-runner.ts finds it here).
          'audit-verify-worker': resolve(root, 'src-main/audit/verify-worker.ts'),
        },
        output: { chunkFileNames: 'chunks/shared-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        // Sandboxed preloads must be CommonJS; with "type": "module" electron-vite would
        // otherwise emit ESM (.mjs), which runs only with sandbox: false.
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
