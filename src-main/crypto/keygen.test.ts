/**
 * Key pairs generated off the main thread (keygen.ts) are the same keys the in-thread
 * generators make: each one signs and verifies, or encapsulates and decapsulates, through the
 * wrappers the engine uses; they are made in the worker (or on libuv's pool for RSA), never
 * on the main thread; and callers are served round robin (fair-queue.ts).
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaSign, ecdsaVerify, type EcCurve } from './ecdsa.js';
import { ed25519Sign, ed25519Verify } from './ed25519.js';
import { FairQueue } from './fair-queue.js';
import { __TESTS, generateKeyPairOffThread, keygenStats, type KeygenLane, type KeyPairKind } from './keygen.js';
import { mlDsaSign, mlDsaVerify, type MlDsaLevel } from './ml-dsa.js';
import { mlKemDecapsulate, mlKemEncapsulate, type MlKemLevel } from './ml-kem.js';
import { rsaPrivateKey, rsaPublicKey, rsaSign, rsaVerify } from './rsa.js';

const msg = new TextEncoder().encode('off the main thread');
const lane = (id: string, reserved = false): KeygenLane => ({ id, reserved });

describe('generateKeyPairOffThread', () => {
  it.each(['P-256', 'P-384', 'P-521', 'secp256k1'] satisfies EcCurve[])('ECC %s: a PKCS #8/SPKI pair that signs and verifies, made in the worker', async (curve) => {
    const before = keygenStats();
    const pair = await generateKeyPairOffThread({ family: 'ec', curve }, lane('test'));
    expect(keygenStats().worker).toBe(before.worker + 1);
    expect(keygenStats().mainThread).toBe(before.mainThread);
    const sig = ecdsaSign(curve, 'sha256', pair.privateKey, msg, false);
    expect(ecdsaVerify(curve, 'sha256', pair.publicKey, msg, false, sig)).toBe(true);
    if (curve !== 'secp256k1') {
      // node parses what it made, and the public key is the private key's
      const derived = createPublicKey(createPrivateKey({ key: Buffer.from(pair.privateKey), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
      expect(new Uint8Array(derived)).toEqual(pair.publicKey);
    }
  });

  it('Ed25519: a pair that signs and verifies, made in the worker', async () => {
    const before = keygenStats();
    const pair = await generateKeyPairOffThread({ family: 'ed25519' }, lane('test'));
    expect(keygenStats().worker).toBe(before.worker + 1);
    expect(ed25519Verify(pair.publicKey, msg, ed25519Sign(pair.privateKey, msg))).toBe(true);
  });

  it.each([44, 65, 87] satisfies MlDsaLevel[])('ML-DSA-%i: a pair that signs and verifies, made in the worker', async (level) => {
    const before = keygenStats();
    const pair = await generateKeyPairOffThread({ family: 'ml-dsa', level }, lane('test'));
    expect(keygenStats().worker).toBe(before.worker + 1);
    expect(mlDsaVerify(level, pair.publicKey, msg, false, mlDsaSign(level, pair.privateKey, msg, false))).toBe(true);
  });

  it.each([512, 768, 1024] satisfies MlKemLevel[])('ML-KEM-%i: a pair whose encapsulation decapsulates, made in the worker', async (level) => {
    const pair = await generateKeyPairOffThread({ family: 'ml-kem', level }, lane('test'));
    const { sharedSecret, ciphertext } = mlKemEncapsulate(level, pair.publicKey);
    expect(mlKemDecapsulate(level, pair.privateKey, ciphertext)).toEqual(sharedSecret);
  });

  it('RSA 2048: a pair that signs and verifies, made on the threadpool', async () => {
    const before = keygenStats();
    const pair = await generateKeyPairOffThread({ family: 'rsa', bits: 2048 }, lane('test'));
    expect(keygenStats().threadpool).toBe(before.threadpool + 1);
    const sig = rsaSign(rsaPrivateKey(pair.privateKey), 'PSS', 'sha256', msg, false);
    expect(rsaVerify(rsaPublicKey(pair.publicKey), 'PSS', 'sha256', msg, false, sig)).toBe(true);
  });

  it('a worker that stopped is replaced, not waited on, and generation stays off the main thread', async () => {
    await generateKeyPairOffThread({ family: 'ed25519' }, lane('test'));
    await __TESTS.stopIdleWorkers();
    const before = keygenStats();
    const pair = await generateKeyPairOffThread({ family: 'ml-dsa', level: 44 }, lane('test'));
    expect(pair.publicKey.length).toBeGreaterThan(1312);
    expect(keygenStats().worker).toBe(before.worker + 1);
    expect(keygenStats().mainThread).toBe(before.mainThread);
  });

  it('two generations never share a key', async () => {
    const [a, b] = await Promise.all([
      generateKeyPairOffThread({ family: 'ml-kem', level: 768 }, lane('a')),
      generateKeyPairOffThread({ family: 'ml-kem', level: 768 }, lane('b')),
    ]);
    expect(a.privateKey).not.toEqual(b.privateKey);
  });

  it("one caller's queue does not hold back another caller's key", async () => {
    const done: string[] = [];
    const busy: KeyPairKind = { family: 'rsa', bits: 2048 };
    const queued = Array.from({ length: 6 }, (_, i) => generateKeyPairOffThread(busy, lane('busy')).then(() => done.push(`busy${i}`)));
    const other = generateKeyPairOffThread({ family: 'ed25519' }, lane('other')).then(() => done.push('other'));
    await Promise.all([...queued, other]);
    // With one or two slots, the other caller's job starts as soon as the first slot frees:
    // it finishes among the first three, not after the six.
    expect(done.indexOf('other')).toBeLessThanOrEqual(2);
  }, 60_000);

  it("a reserved lane (the console) does not wait for other callers' generations in progress or queued", async () => {
    const done: string[] = [];
    const busy: KeyPairKind = { family: 'rsa', bits: 3072 };
    const others = ['a', 'b', 'c'].map((id) => generateKeyPairOffThread(busy, lane(id)).then(() => done.push(id)));
    await generateKeyPairOffThread({ family: 'ed25519' }, lane('console', true));
    expect(done).toEqual([]); // every slot was busy with RSA 3072 and more waited: the console went first anyway
    await Promise.all(others);
  }, 60_000);
});

describe('FairQueue', () => {
  it('serves lanes round robin, each lane in its own order', () => {
    const q = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3', 'a4']) q.push('a', item);
    q.push('b', 'b1');
    q.push('b', 'b2');
    q.push('c', 'c1');
    const out: string[] = [];
    for (let item = q.shift(); item !== undefined; item = q.shift()) {
      out.push(item);
      if (item === 'a2') q.push('c', 'c2'); // arrives after its lane emptied: the lane rejoins at the back
    }
    expect(out).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'c2', 'a4']);
    expect(q.size).toBe(0);
  });
});
