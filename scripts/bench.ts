/**
 * `npm run bench`: per-call latency of the service as both transports see it (validation,
 * engine, crypto, audit append), plus the headless host's HTTP bridge on top. Runs in a
 * temporary vault that is deleted afterwards. Numbers are for this machine only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HOST_BRIDGE, type ChannelResult } from '../src-shared/contract.js';
import { decodeTyped, encodeJson } from '../src-shared/wire.js';
import { startHostServer } from '../src-main/host/server.js';
import { systemClock } from '../src-main/platform/clock.js';
import { createKeywardService } from '../src-main/service/service.js';
import type { CallerContext, KeywardService } from '../src-main/service/types.js';
import { noKeychain } from '../src-main/vault/keychain.js';

const CALLER: CallerContext = { transport: 'host', sourceIPAddress: '127.0.0.1', userAgent: 'keyward-bench' };
const N = Number(process.env.BENCH_N ?? 300);

interface Row {
  op: string;
  n: number;
  samples: number[];
}

function value<T>(r: ChannelResult): T {
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  return r.value as T; // the caller names the channel's response type
}

async function time(op: string, n: number, fn: (i: number) => Promise<unknown>): Promise<Row> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return { op, n, samples };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function fmt(ms: number): string {
  return ms >= 10 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

function print(rows: Row[]): void {
  const header = ['operation', 'n', 'mean', 'p50', 'p95', 'ops/s'];
  const lines = rows.map((r) => {
    const sorted = [...r.samples].sort((a, b) => a - b);
    const mean = r.samples.reduce((a, b) => a + b, 0) / r.samples.length;
    return [r.op, String(r.n), fmt(mean), fmt(pct(sorted, 50)), fmt(pct(sorted, 95)), (1000 / mean).toFixed(0)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(row(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-'));
  let service: KeywardService | undefined;
  try {
    service = await createKeywardService({ vaultPath: join(dir, 'vault.kwv'), auditDir: join(dir, 'audit'), clock: systemClock, keychain: noKeychain });
    const s = service;
    const call = (channel: string, request: unknown) => s.handle(channel, request, CALLER);
    const rows: Row[] = [];
    const passphrase = 'bench passphrase, not a secret';

    rows.push(await time('vault:create (scrypt)', 1, async () => value(await call('vault:create', { Passphrase: passphrase }))));
    rows.push(await time('vault:lock + vault:unlock', 3, async () => {
      value(await call('vault:lock', {}));
      value(await call('vault:unlock', { Passphrase: passphrase }));
    }));
    const keyIds: string[] = [];
    rows.push(await time('kms:CreateKey', 20, async () => {
      keyIds.push(value<{ KeyMetadata: { KeyId: string } }>(await call('kms:CreateKey', {})).KeyMetadata.KeyId);
    }));
    const keyId = keyIds[0]!;
    const plaintext = new Uint8Array(1024).fill(7);
    const context = { purpose: 'bench' };
    const blobs: Uint8Array[] = [];
    rows.push(await time('kms:Encrypt 1 KiB', N, async () => {
      blobs.push(value<{ CiphertextBlob: Uint8Array }>(await call('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context })).CiphertextBlob);
    }));
    rows.push(await time('kms:Decrypt 1 KiB', N, async (i) => value(await call('kms:Decrypt', { CiphertextBlob: blobs[i]!, EncryptionContext: context }))));
    rows.push(await time('kms:GenerateDataKey AES_256', N, async () => value(await call('kms:GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' }))));
    rows.push(await time('kms:DescribeKey', N, async (i) => value(await call('kms:DescribeKey', { KeyId: keyIds[i % keyIds.length]! }))));
    rows.push(await time('audit:query (50 newest)', 50, async () => value(await call('audit:query', { limit: 50 }))));
    rows.push(await time('audit:query text search', 20, async () => value(await call('audit:query', { text: 'Decrypt', limit: 50 }))));

    const server = await startHostServer({ service: s, staticDir: dir });
    try {
      const bridge = async (channel: string, request: unknown): Promise<ChannelResult> => {
        const res = await fetch(server.origin + HOST_BRIDGE.path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [HOST_BRIDGE.tokenHeader]: server.token },
          body: encodeJson({ channel, request }),
        });
        return decodeTyped(await res.text()) as ChannelResult; // the host answers a ChannelResult
      };
      rows.push(await time('HTTP bridge: kms:Encrypt 1 KiB', N, async () => value(await bridge('kms:Encrypt', { KeyId: keyId, Plaintext: plaintext }))));
    } finally {
      await server.close();
    }

    console.log(`Keyward bench: Node ${process.versions.node}, ${process.platform}/${process.arch}; every call is validated and audited.\n`);
    print(rows);
  } finally {
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
