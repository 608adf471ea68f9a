/**
 * Key-pair generation off the main thread, shared fairly between callers.
 *
 * An RSA-4096 key takes one to several seconds of CPU, an ML-DSA-87 key about 6 ms, a P-521
 * key about 3 ms. None of it may run on the event loop that answers every other caller:
 * - RSA uses node's asynchronous generateKeyPair, which runs on libuv's threadpool
 *   (https://nodejs.org/api/crypto.html#cryptogeneratekeypairtype-options-callback);
 * - every other family runs in a worker thread (https://nodejs.org/api/worker_threads.html):
 *   node:crypto's generateKeyPairSync for P-256/384/521 and Ed25519, @noble for secp256k1,
 *   ML-DSA and ML-KEM. The worker returns raw keys; the DER wrapping stays in ecdsa.ts,
 *   ml-dsa.ts and ml-kem.ts.
 *
 * At most `slots` generations run at once (one fewer than the cores, between one and two), so
 * libuv's pool keeps threads for file I/O (the audit log's and vault's writes) and a core
 * for the event loop. Jobs wait in lanes, one per caller (an access key, the console), served
 * round robin: a caller that queues a hundred RSA-4096 keys delays another caller's key by
 * at most one job per slot, not by a hundred. One more slot is kept for `reserved` lanes (the
 * desktop window and the browser UI), so a person's key never queues behind a client's.
 * A worker that fails is replaced; after three failures in a row (it cannot load @noble,
 * say) generation falls back to the main thread, reported once on stderr.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { generateEcKeyPair, secp256k1KeyPairFromRaw, type EcCurve } from './ecdsa.js';
import { generateEd25519KeyPair } from './ed25519.js';
import { generateMlDsaKeyPair, mlDsaKeyPairFromRaw, type MlDsaLevel } from './ml-dsa.js';
import { generateMlKemKeyPair, mlKemKeyPairFromRaw, type MlKemLevel } from './ml-kem.js';
import { generateRsaKeyPair, type DerKeyPair } from './rsa.js';
import { FairQueue } from './fair-queue.js';
import { KEYGEN_WORKER_SOURCE, type WorkerKind } from './keygen-worker.js';

/** What to generate: an RSA modulus size, an EC curve, Ed25519 or an ML-DSA/ML-KEM parameter set. */
export type KeyPairKind =
  | { family: 'rsa'; bits: 2048 | 3072 | 4096 }
  | { family: 'ec'; curve: EcCurve }
  | { family: 'ed25519' }
  | { family: 'ml-dsa'; level: MlDsaLevel }
  | { family: 'ml-kem'; level: MlKemLevel };

/** Whose turn a generation waits for: a caller, and whether it may use the slot kept for people (the console). */
export interface KeygenLane {
  id: string;
  reserved: boolean;
}

/** Where generations ran since start (tests and diagnostics). */
export interface KeygenStats {
  /** Generations done in the worker thread. */
  worker: number;
  /** Generations done on libuv's threadpool (RSA). */
  threadpool: number;
  /** Generations done on the main thread because the worker could not run. */
  mainThread: number;
  /** Generations running or waiting now. */
  pending: number;
}

const stats = { worker: 0, threadpool: 0, mainThread: 0 };

/** Where generations ran since start, and how many are running or waiting now. */
export function keygenStats(): KeygenStats {
  return { ...stats, pending: pool?.pending ?? 0 };
}

/** On the main thread: the fallback when the worker cannot run. */
function inThread(kind: WorkerKind): DerKeyPair {
  stats.mainThread += 1;
  switch (kind.family) {
    case 'ec': return generateEcKeyPair(kind.curve);
    case 'ed25519': return generateEd25519KeyPair();
    case 'ml-dsa': return generateMlDsaKeyPair(kind.level);
    case 'ml-kem': return generateMlKemKeyPair(kind.level);
  }
}

/** The worker's raw keys in the engine's stored form (PKCS #8/SPKI, or FIPS 203/204 keys with an SPKI). */
function fromWorker(kind: WorkerKind, secret: Uint8Array, pub: Uint8Array): DerKeyPair {
  switch (kind.family) {
    case 'ec': return kind.curve === 'secp256k1' ? secp256k1KeyPairFromRaw(secret, pub) : { privateKey: secret, publicKey: pub };
    case 'ed25519': return { privateKey: secret, publicKey: pub };
    case 'ml-dsa': return mlDsaKeyPairFromRaw(kind.level, secret, pub);
    case 'ml-kem': return mlKemKeyPairFromRaw(kind.level, secret, pub);
  }
}

interface Reply {
  id: number;
  secret?: Uint8Array;
  pub?: Uint8Array;
  error?: string;
}

function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'number'; // checked member by member below
}

/** The @noble modules the worker loads, resolved from this file so the worker finds them wherever the app is installed. */
function noblePaths(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return {
    secp256k1: require.resolve('@noble/curves/secp256k1.js'),
    mlDsa: require.resolve('@noble/post-quantum/ml-dsa.js'),
    mlKem: require.resolve('@noble/post-quantum/ml-kem.js'),
  };
}

/** One worker thread, one job at a time; it does not keep the process alive. */
class KeygenWorker {
  private readonly worker: Worker;
  private pending: { id: number; resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined;
  private nextId = 1;
  dead = false;

  constructor() {
    this.worker = new Worker(KEYGEN_WORKER_SOURCE, { eval: true, workerData: noblePaths() });
    this.worker.unref();
    this.worker.on('message', (m: unknown) => {
      const p = this.pending;
      if (!p || !isReply(m) || m.id !== p.id) return;
      this.pending = undefined;
      p.resolve(m);
    });
    const fail = (why: string) => {
      this.dead = true;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(new Error(why));
    };
    this.worker.on('error', (e) => fail(e.message));
    this.worker.on('exit', (code) => fail(`the key generation worker exited (${code})`));
  }

  /** Stop the thread (after a failure). */
  terminate(): void {
    this.dead = true;
    void this.worker.terminate();
  }

  /** Stop the thread and wait until it has exited. */
  async stop(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  run(kind: WorkerKind): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.dead) {
        reject(new Error('the key generation worker has stopped'));
        return;
      }
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ id, kind });
    });
  }
}

/** The scheduler: `slots` generations at once plus one for reserved lanes, lanes served round robin. */
class KeygenPool {
  private readonly queue = new FairQueue<() => Promise<void>>();
  private readonly reservedLanes = new Set<string>();
  private readonly idle: KeygenWorker[] = [];
  private running = 0;
  private reservedRunning = false;
  private broken: string | undefined;
  private failures = 0;

  constructor(private readonly slots: number) {}

  /** Stop every idle worker thread, as a crash would (tests). */
  async stopIdleWorkers(): Promise<void> {
    await Promise.all(this.idle.map((w) => w.stop()));
  }

  /** Generations running or waiting. */
  get pending(): number {
    return this.running + (this.reservedRunning ? 1 : 0) + this.queue.size;
  }

  generate(kind: KeyPairKind, lane: KeygenLane): Promise<DerKeyPair> {
    if (lane.reserved) this.reservedLanes.add(lane.id);
    return new Promise((resolve, reject) => {
      this.queue.push(lane.id, () => this.one(kind).then(resolve, reject));
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      if (this.running < this.slots) {
        const job = this.queue.shift();
        if (!job) return;
        this.running += 1;
        void job().finally(() => {
          this.running -= 1;
          this.pump();
        });
        continue;
      }
      const job = this.reservedRunning ? undefined : this.nextReserved();
      if (!job) return;
      this.reservedRunning = true;
      void job().finally(() => {
        this.reservedRunning = false;
        this.pump();
      });
    }
  }

  /** The oldest job of a reserved lane, out of turn. */
  private nextReserved(): (() => Promise<void>) | undefined {
    for (const lane of this.reservedLanes) {
      const job = this.queue.shiftFrom(lane);
      if (job) return job;
    }
    return undefined;
  }

  private async one(kind: KeyPairKind): Promise<DerKeyPair> {
    if (kind.family === 'rsa') {
      stats.threadpool += 1;
      return generateRsaKeyPair(kind.bits);
    }
    if (this.broken !== undefined) return inThread(kind);
    let worker: KeygenWorker | undefined;
    try {
      do worker = this.idle.pop();
      while (worker?.dead === true);
      worker ??= new KeygenWorker();
      const reply = await worker.run(kind);
      if (reply.error !== undefined || !(reply.secret instanceof Uint8Array) || !(reply.pub instanceof Uint8Array)) {
        throw new Error(reply.error ?? 'the key generation worker sent no key');
      }
      const pair = fromWorker(kind, reply.secret, reply.pub);
      stats.worker += 1;
      this.failures = 0;
      return pair;
    } catch (e) {
      worker?.terminate();
      worker = undefined;
      // A worker that fails is replaced; after three failures in a row the worker is given up.
      this.failures += 1;
      if (this.failures >= 3) {
        this.broken = e instanceof Error ? e.message : String(e);
        console.error(`keyward: key generation runs on the main thread from now on (the worker failed: ${this.broken})`);
      }
      return inThread(kind);
    } finally {
      if (worker && !worker.dead) this.idle.push(worker);
    }
  }
}

/** libuv's pool has 4 threads by default (UV_THREADPOOL_SIZE): two stay free for file I/O. */
const MAX_SLOTS = 2;
let pool: KeygenPool | undefined;

/**
 * A new key pair of `kind`, generated off the main thread: PKCS #8 (or the FIPS 203/204
 * secret key) and SPKI DER, as rsa.ts, ecdsa.ts, ed25519.ts, ml-dsa.ts and ml-kem.ts return
 * them. `lane` names the caller (an access key, the console): lanes are served round robin,
 * and reserved lanes may also use the slot kept for them. Rejects only with node's own error
 * for RSA.
 */
export function generateKeyPairOffThread(kind: KeyPairKind, lane: KeygenLane): Promise<DerKeyPair> {
  pool ??= new KeygenPool(Math.min(MAX_SLOTS, Math.max(1, availableParallelism() - 1)));
  return pool.generate(kind, lane);
}

/** Test hooks: stop the idle workers as a crash would. */
export const __TESTS = {
  stopIdleWorkers: (): Promise<void> => pool?.stopIdleWorkers() ?? Promise.resolve(),
};
