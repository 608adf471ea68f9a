/**
 * Every key spec: the catalogue table (spec × usage × operation), interoperability with
 * node:crypto given only GetPublicKey's SPKI (crypto/_test-interop.ts), and the KMS rules of
 * Sign/Verify, MACs, RSA encryption, ECDH, ML-KEM and data key pairs. RSA keys are generated
 * once per size. AWS's texts and their sources: data-rules.ts and engine.data-rules.test.ts.
 */
import type * as RsaModule from '../crypto/rsa.js';
import {
  interopDigest, interopEcdhPeer, interopEd25519ph, interopOaepDecrypt, interopOaepEncrypt, interopSign, interopSpkiOf, interopVerify,
  type InteropHash, type InteropScheme,
} from '../crypto/_test-interop.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CATALOGUE, KEY_OPERATIONS, SIGNING_ALGORITHM_INFO, usageEntry, type KeyOperation, type UsageEntry } from '../../src-shared/kms/catalogue.js';
import { KEY_SPECS, KEY_USAGES, type KeySpec, type KeyUsage, type SigningAlgorithmSpec } from '../../src-shared/kms/enums.js';
import type { KeyMetadata } from '../../src-shared/kms/types.js';
import { utf8 } from '../../src-shared/wire.js';
import { randomBytes } from '../crypto/random.js';
import { deserialiseState, serialiseState, wipeState } from './model.js';
import { expectKms } from './_test-kit.js';
import { createTestEngine, type TestEngine } from './test-harness.js';

// RSA generation is slow (4096 especially): one key pair per size, copied for each key.
vi.mock('../crypto/rsa.js', async (importOriginal) => {
  const m = await importOriginal<typeof RsaModule>();
  const cache = new Map<number, ReturnType<typeof m.generateRsaKeyPair>>();
  return {
    ...m,
    generateRsaKeyPair: async (bits: 2048 | 3072 | 4096) => {
      if (!cache.has(bits)) cache.set(bits, m.generateRsaKeyPair(bits));
      const p = await cache.get(bits)!; // set just above
      return { privateKey: p.privateKey.slice(), publicKey: p.publicKey.slice() };
    },
  };
});

const OFFERED: [KeySpec, KeyUsage][] = KEY_SPECS.flatMap((spec) => (CATALOGUE[spec].offered ? CATALOGUE[spec].usages.map((u): [KeySpec, KeyUsage] => [spec, u.usage]) : []));
const msg = utf8.encode('the quick brown fox');
let t: TestEngine;
const keys = new Map<string, KeyMetadata>();
let symmetric: KeyMetadata;
const keyOf = (spec: KeySpec, usage: KeyUsage) => keys.get(`${spec}/${usage}`)!; // created in beforeAll for every offered pair

beforeAll(async () => {
  t = createTestEngine();
  const made = await Promise.all(OFFERED.map(async ([spec, usage]) => [`${spec}/${usage}`, (await t.call('CreateKey', { KeySpec: spec, KeyUsage: usage })).KeyMetadata] as const));
  for (const [k, md] of made) keys.set(k, md);
  symmetric = keyOf('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
}, 60_000);

function signInput(alg: SigningAlgorithmSpec): { Message: Uint8Array; MessageType: 'RAW' | 'DIGEST' | 'EXTERNAL_MU' } {
  const info = SIGNING_ALGORITHM_INFO[alg];
  const type = info.messageTypes[0]!;
  return { Message: type === 'RAW' ? msg : randomBytes(info.digestBytes), MessageType: type };
}

/** A request for `op` against `md` that succeeds when the catalogue allows it. */
async function run(op: KeyOperation, md: KeyMetadata, u: UsageEntry | undefined): Promise<unknown> {
  const KeyId = md.KeyId;
  const enc = u?.encryptionAlgorithms?.[0];
  const EncryptionAlgorithm = enc === 'SYMMETRIC_DEFAULT' ? undefined : enc;
  const alg = u?.signingAlgorithms?.[0] ?? 'ECDSA_SHA_256';
  const mac = u?.macAlgorithms?.[0] ?? 'HMAC_SHA_256';
  const peer = keyOf('ECC_NIST_P256', 'KEY_AGREEMENT');
  switch (op) {
    case 'Encrypt': return t.call('Encrypt', { KeyId, Plaintext: msg, EncryptionAlgorithm });
    case 'Decrypt': {
      const ct = (await t.call('Encrypt', u?.operations.includes('Encrypt') ? { KeyId, Plaintext: msg, EncryptionAlgorithm } : { KeyId: symmetric.KeyId, Plaintext: msg })).CiphertextBlob;
      const out = await t.call('Decrypt', { KeyId, CiphertextBlob: ct, EncryptionAlgorithm });
      expect(out.Plaintext).toEqual(msg);
      return out;
    }
    case 'ReEncrypt': {
      const { CiphertextBlob } = await t.call('Encrypt', { KeyId: symmetric.KeyId, Plaintext: msg });
      return t.call('ReEncrypt', { CiphertextBlob, DestinationKeyId: KeyId, DestinationEncryptionAlgorithm: EncryptionAlgorithm });
    }
    case 'GenerateDataKey': return t.call('GenerateDataKey', { KeyId, KeySpec: 'AES_256' });
    case 'GenerateDataKeyWithoutPlaintext': return t.call('GenerateDataKeyWithoutPlaintext', { KeyId, KeySpec: 'AES_256' });
    case 'GenerateDataKeyPair': return t.call('GenerateDataKeyPair', { KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    case 'GenerateDataKeyPairWithoutPlaintext': return t.call('GenerateDataKeyPairWithoutPlaintext', { KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    case 'Sign': return t.call('Sign', { KeyId, SigningAlgorithm: alg, ...signInput(alg) });
    case 'Verify': {
      const input = signInput(alg);
      const sig = u?.operations.includes('Sign') ? (await t.call('Sign', { KeyId, SigningAlgorithm: alg, ...input })).Signature : randomBytes(64);
      return t.call('Verify', { KeyId, SigningAlgorithm: alg, Signature: sig, ...input });
    }
    case 'GenerateMac': return t.call('GenerateMac', { KeyId, MacAlgorithm: mac, Message: msg });
    case 'VerifyMac': {
      const m = u?.operations.includes('GenerateMac') ? (await t.call('GenerateMac', { KeyId, MacAlgorithm: mac, Message: msg })).Mac : randomBytes(32);
      return t.call('VerifyMac', { KeyId, MacAlgorithm: mac, Message: msg, Mac: m });
    }
    case 'GetPublicKey': return t.call('GetPublicKey', { KeyId });
    case 'DeriveSharedSecret': {
      const curveMate = u?.operations.includes('DeriveSharedSecret') ? md : peer;
      const { PublicKey } = await t.call('GetPublicKey', { KeyId: curveMate.KeyId });
      return t.call('DeriveSharedSecret', { KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey });
    }
    case 'Encapsulate': return t.call('Encapsulate', { KeyId, EncapsulationAlgorithm: 'ML_KEM' });
    case 'Decapsulate': {
      const e = u?.operations.includes('Encapsulate') ? await t.call('Encapsulate', { KeyId, EncapsulationAlgorithm: 'ML_KEM' }) : undefined;
      const out = await t.call('Decapsulate', { KeyId, EncapsulationAlgorithm: 'ML_KEM', SharedSecretCiphertextBlob: e?.SharedSecretCiphertextBlob ?? randomBytes(768) });
      if (e) expect(out.SharedSecret).toEqual(e.SharedSecret);
      return out;
    }
  }
}

describe('catalogue table: every spec × usage × operation', () => {
  const rows = OFFERED.flatMap(([spec, usage]) => KEY_OPERATIONS.map((op) => [spec, usage, op] as const));
  it.each(rows)('%s / %s / %s', async (spec, usage, op) => {
    const u = usageEntry(spec, usage)!; // OFFERED lists catalogue pairs only
    const md = keyOf(spec, usage);
    if (u.operations.includes(op)) {
      await expect(run(op, md, u)).resolves.toBeDefined();
    } else if (op === 'GetPublicKey' && !CATALOGUE[spec].hasPublicKey) {
      await expectKms(run(op, md, u), 'UnsupportedOperationException', /^$/);
    } else if (op === 'Decrypt') {
      await expectKms(run(op, md, u), 'IncorrectKeyException', /^The key ID in the request does not identify a CMK that can perform this operation\.$/);
    } else {
      await expectKms(run(op, md, u), 'InvalidKeyUsageException', new RegExp(`^${md.Arn.replace(/[/.]/g, '\\$&')} key (usage|KeySpec) is .* which is not valid for ${op}\\.$`));
    }
  });

  it.each(KEY_SPECS.flatMap((spec) => KEY_USAGES.map((usage) => [spec, usage] as const)))('CreateKey %s / %s follows the catalogue', async (spec, usage) => {
    const p = createTestEngine().call('CreateKey', { KeySpec: spec, KeyUsage: usage });
    const symmetric = `^The operation failed because the KeyUsage value of the CMK is ${usage}\\. To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT\\.$`; // aws/aws-sdk-go-v2#1426
    if (!CATALOGUE[spec].offered) await expectKms(p, 'UnsupportedOperationException', /China Regions/);
    else if (usageEntry(spec, usage)) await expect(p).resolves.toBeDefined();
    else await expectKms(p, 'ValidationException', new RegExp(spec === 'SYMMETRIC_DEFAULT' ? symmetric : `^KeyUsage ${usage} is not compatible with KeySpec ${spec}$`));
  });

  it('DescribeKey lists the algorithms of the usage; rotation stays symmetric-only', async () => {
    expect(keyOf('RSA_2048', 'ENCRYPT_DECRYPT')).toMatchObject({ EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    expect(keyOf('ECC_NIST_P384', 'SIGN_VERIFY').SigningAlgorithms).toEqual(['ECDSA_SHA_384']);
    expect(keyOf('HMAC_384', 'GENERATE_VERIFY_MAC').MacAlgorithms).toEqual(['HMAC_SHA_384']);
    expect(keyOf('ECC_NIST_P521', 'KEY_AGREEMENT').KeyAgreementAlgorithms).toEqual(['ECDH']);
    expect(keyOf('ML_KEM_768', 'ENCAPSULATE_DECAPSULATE').EncapsulationAlgorithms).toEqual(['ML_KEM']);
    expect(keyOf('ECC_NIST_P256', 'SIGN_VERIFY').CurrentKeyMaterialId).toBeUndefined();
    await expectKms(t.call('EnableKeyRotation', { KeyId: keyOf('ECC_NIST_P256', 'SIGN_VERIFY').KeyId }), 'UnsupportedOperationException');
    await expectKms(t.call('RotateKeyOnDemand', { KeyId: keyOf('HMAC_256', 'GENERATE_VERIFY_MAC').KeyId }), 'UnsupportedOperationException');
  });
});

const NODE_HASH: Record<string, InteropHash> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
/** The digest hash and node's name for the scheme (RSA, ECDSA, Ed25519 only here). */
function interopScheme(alg: SigningAlgorithmSpec): { hash: InteropHash; scheme: InteropScheme } {
  const hash = NODE_HASH[SIGNING_ALGORITHM_INFO[alg].hash]!; // SHA-2 algorithms only here
  if (alg === 'ED25519_SHA_512') return { hash, scheme: { hash: null } };
  if (alg.startsWith('RSASSA_PSS')) return { hash, scheme: { hash, padding: 'PSS', saltLength: SIGNING_ALGORITHM_INFO[alg].digestBytes } };
  if (alg.startsWith('ECDSA')) return { hash, scheme: { hash, dsaEncoding: 'der' } };
  return { hash, scheme: { hash } };
}

describe('interoperability with node:crypto (public key from GetPublicKey only)', () => {
  const signing = KEY_SPECS.filter((s) => /^(RSA|ECC)_/.test(s) && CATALOGUE[s].offered).flatMap((spec) =>
    (usageEntry(spec, 'SIGN_VERIFY')?.signingAlgorithms ?? []).filter((a) => a !== 'ED25519_PH_SHA_512').map((alg) => [spec, alg] as const));

  it.each(signing)('%s %s: engine signatures (RAW and DIGEST) verify in node; node signatures verify in the engine', async (spec, alg) => {
    const md = keyOf(spec, 'SIGN_VERIFY');
    const spki = (await t.call('GetPublicKey', { KeyId: md.KeyId })).PublicKey;
    const { hash, scheme } = interopScheme(alg);
    const raw = await t.call('Sign', { KeyId: md.KeyId, Message: msg, SigningAlgorithm: alg });
    expect(interopVerify(spki, scheme, msg, raw.Signature)).toBe(true);
    if (SIGNING_ALGORITHM_INFO[alg].messageTypes.includes('DIGEST')) {
      const digest = interopDigest(hash, msg);
      const d = await t.call('Sign', { KeyId: md.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg });
      expect(interopVerify(spki, scheme, msg, d.Signature)).toBe(true);
      await t.call('Verify', { KeyId: md.KeyId, Message: digest, MessageType: 'DIGEST', Signature: raw.Signature, SigningAlgorithm: alg });
    }
    // node signs with the same private key (read from the test engine's state), the engine verifies.
    const pkcs8 = t.state.keys.get(md.KeyId)!.materials[0]!.bytes; // the key created above
    const byNode = interopSign(pkcs8, scheme, msg);
    await expect(t.call('Verify', { KeyId: md.KeyId, Message: msg, Signature: byNode, SigningAlgorithm: alg })).resolves.toMatchObject({ SignatureValid: true });
    const tampered = utf8.encode('the quick brown fox!');
    await expectKms(t.call('Verify', { KeyId: md.KeyId, Message: tampered, Signature: byNode, SigningAlgorithm: alg }), 'KMSInvalidSignatureException');
  });

  it('ED25519_PH_SHA_512: engine DIGEST signatures equal @noble/curves ed25519ph over the message (node has no Ed25519ph)', async () => {
    const md = keyOf('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY');
    const spki = (await t.call('GetPublicKey', { KeyId: md.KeyId })).PublicKey;
    const digest = interopDigest('sha512', msg);
    const s = await t.call('Sign', { KeyId: md.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' });
    expect(interopEd25519ph.verify(s.Signature, msg, spki.slice(-32))).toBe(true);
    const seed = t.state.keys.get(md.KeyId)!.materials[0]!.bytes.slice(-32); // RFC 8410 PKCS #8 ends with the seed
    expect(s.Signature).toEqual(interopEd25519ph.sign(msg, seed));
    await expectKms(t.call('Sign', { KeyId: md.KeyId, Message: msg, SigningAlgorithm: 'ED25519_PH_SHA_512' }), 'ValidationException', /^Message type RAW is incompatible with algorithm ED25519_PH_SHA_512\.$/);
    await expectKms(t.call('Sign', { KeyId: md.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' }), 'ValidationException', /^Message type DIGEST is incompatible with algorithm ED25519_SHA_512\.$/);
  });

  it.each(['RSA_2048', 'RSA_3072', 'RSA_4096'] as const)('%s OAEP: engine ciphertexts decrypt in node, node ciphertexts (public key only) decrypt in the engine; limits enforced', async (spec) => {
    const md = keyOf(spec, 'ENCRYPT_DECRYPT');
    const spki = (await t.call('GetPublicKey', { KeyId: md.KeyId })).PublicKey;
    const pkcs8 = t.state.keys.get(md.KeyId)!.materials[0]!.bytes; // test-only peek
    for (const [alg, oaepHash] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const) {
      const max = usageEntry(spec, 'ENCRYPT_DECRYPT')!.maxPlaintextBytes![alg]!;
      const pt = randomBytes(max);
      const ct = (await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: pt, EncryptionAlgorithm: alg })).CiphertextBlob;
      expect(ct.length).toBe(Number(spec.slice(4)) / 8);
      expect(interopOaepDecrypt(pkcs8, oaepHash, ct)).toEqual(pt);
      const outside = interopOaepEncrypt(spki, oaepHash, pt);
      expect((await t.call('Decrypt', { KeyId: md.KeyId, CiphertextBlob: outside, EncryptionAlgorithm: alg })).Plaintext).toEqual(pt);
      await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: randomBytes(max + 1), EncryptionAlgorithm: alg }), 'ValidationException', new RegExp(`^Algorithm ${alg} and key spec ${spec} cannot encrypt data larger than ${max} bytes\\.$`));
    }
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: msg }), 'InvalidKeyUsageException', new RegExp(`^Algorithm SYMMETRIC_DEFAULT is incompatible with key spec ${spec}\\.$`));
    await expectKms(t.call('Encrypt', { KeyId: md.KeyId, Plaintext: msg, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }), 'InvalidKeyUsageException', /incompatible/);
    const ct = (await t.call('Encrypt', { KeyId: md.KeyId, Plaintext: msg, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).CiphertextBlob;
    await expectKms(t.call('Decrypt', { KeyId: md.KeyId, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), 'InvalidCiphertextException');
    await expectKms(t.call('Decrypt', { CiphertextBlob: ct }), 'InvalidCiphertextException');
  });

  it('DeriveSharedSecret equals node ECDH with the peer; wrong curve or garbage peer keys are refused', async () => {
    for (const [spec, curve] of [['ECC_NIST_P256', 'P-256'], ['ECC_NIST_P384', 'P-384'], ['ECC_NIST_P521', 'P-521']] as const) {
      const md = keyOf(spec, 'KEY_AGREEMENT');
      const ours = (await t.call('GetPublicKey', { KeyId: md.KeyId })).PublicKey;
      const peer = interopEcdhPeer(curve);
      const r = await t.call('DeriveSharedSecret', { KeyId: md.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer.spki });
      expect(r.SharedSecret).toEqual(peer.derive(ours));
      expect(r).toMatchObject({ KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS', KeyId: md.Arn });
    }
    const p256 = keyOf('ECC_NIST_P256', 'KEY_AGREEMENT');
    const p384Peer = interopEcdhPeer('P-384').spki;
    await expectKms(t.call('DeriveSharedSecret', { KeyId: p256.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: p384Peer }), 'ValidationException', /^$/);
    await expectKms(t.call('DeriveSharedSecret', { KeyId: p256.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: randomBytes(91) }), 'ValidationException');
  });
});

describe('KMS rules of the new operations', () => {
  it('Sign/Verify: digest lengths, EXTERNAL_MU, wrong algorithm, tampered signature', async () => {
    const ec = keyOf('ECC_NIST_P256', 'SIGN_VERIFY');
    await expectKms(t.call('Sign', { KeyId: ec.KeyId, Message: randomBytes(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }), 'ValidationException', /^Digest is invalid length for algorithm ECDSA_SHA_256\.$/);
    await expectKms(t.call('Sign', { KeyId: ec.KeyId, Message: msg, SigningAlgorithm: 'ECDSA_SHA_384' }), 'InvalidKeyUsageException', /^Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256\.$/);
    await expectKms(t.call('Sign', { KeyId: ec.KeyId, Message: new Uint8Array(4097), SigningAlgorithm: 'ECDSA_SHA_256' }), 'ValidationException', /message/);
    const s = await t.call('Sign', { KeyId: ec.KeyId, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(s).toMatchObject({ KeyId: ec.Arn, SigningAlgorithm: 'ECDSA_SHA_256' });
    const bad = s.Signature.slice();
    bad[bad.length - 1]! ^= 1;
    await expectKms(t.call('Verify', { KeyId: ec.KeyId, Message: msg, Signature: bad, SigningAlgorithm: 'ECDSA_SHA_256' }), 'KMSInvalidSignatureException');
    const dsa = keyOf('ML_DSA_65', 'SIGN_VERIFY');
    const mu = randomBytes(64);
    const sig = await t.call('Sign', { KeyId: dsa.KeyId, Message: mu, MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    expect(sig.Signature.length).toBe(3309);
    await t.call('Verify', { KeyId: dsa.KeyId, Message: mu, MessageType: 'EXTERNAL_MU', Signature: sig.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await expectKms(t.call('Verify', { KeyId: dsa.KeyId, Message: mu, Signature: sig.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'KMSInvalidSignatureException');
    await expectKms(t.call('Sign', { KeyId: dsa.KeyId, Message: randomBytes(32), MessageType: 'DIGEST', SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'ValidationException', /^Message type DIGEST is incompatible with key spec ML_DSA_65\.$/);
  });

  it('MACs: a changed message or MAC raises KMSInvalidMacException; state checks come first', async () => {
    const h = keyOf('HMAC_512', 'GENERATE_VERIFY_MAC');
    const { Mac } = await t.call('GenerateMac', { KeyId: h.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: msg });
    expect(Mac.length).toBe(64);
    await expectKms(t.call('VerifyMac', { KeyId: h.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: utf8.encode('other'), Mac }), 'KMSInvalidMacException');
    await expectKms(t.call('GenerateMac', { KeyId: h.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: msg }), 'InvalidKeyUsageException', /^Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_512\.$/);
    const t2 = createTestEngine();
    const k = (await t2.call('CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    await t2.call('DisableKey', { KeyId: k.KeyId });
    await expectKms(t2.call('GenerateMac', { KeyId: k.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: msg }), 'DisabledException');
    t2.failSelfTest(true);
    await t2.call('EnableKey', { KeyId: k.KeyId });
    await expectKms(t2.call('GenerateMac', { KeyId: k.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: msg }), 'SelfTestFailedException');
  });

  it('data key pairs: PKCS #8 sealed under the symmetric key decrypts back; the public key matches; WithoutPlaintext omits it', async () => {
    for (const spec of ['RSA_2048', 'ECC_NIST_P384', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const) {
      const r = await t.call('GenerateDataKeyPair', { KeyId: symmetric.KeyId, KeyPairSpec: spec, EncryptionContext: { app: 'x' } });
      expect(interopSpkiOf(r.PrivateKeyPlaintext)).toEqual(r.PublicKey);
      const back = await t.call('Decrypt', { CiphertextBlob: r.PrivateKeyCiphertextBlob, EncryptionContext: { app: 'x' } });
      expect(back.Plaintext).toEqual(r.PrivateKeyPlaintext);
      const w = await t.call('GenerateDataKeyPairWithoutPlaintext', { KeyId: symmetric.KeyId, KeyPairSpec: spec });
      expect(w).not.toHaveProperty('PrivateKeyPlaintext');
      expect(w).toMatchObject({ KeyPairSpec: spec, KeyId: symmetric.Arn });
    }
    await expectKms(t.call('GenerateDataKeyPair', { KeyId: symmetric.KeyId, KeyPairSpec: 'SM2' }), 'UnsupportedOperationException', /China/);
  });

  it('ML-KEM: a changed ciphertext decapsulates to another secret (implicit rejection); a wrong size is InvalidCiphertext', async () => {
    const k = keyOf('ML_KEM_512', 'ENCAPSULATE_DECAPSULATE');
    const e = await t.call('Encapsulate', { KeyId: k.KeyId, EncapsulationAlgorithm: 'ML_KEM' });
    expect([e.SharedSecret.length, e.SharedSecretCiphertextBlob.length]).toEqual([32, 768]);
    const bad = e.SharedSecretCiphertextBlob.slice();
    bad[0]! ^= 1;
    expect((await t.call('Decapsulate', { KeyId: k.KeyId, EncapsulationAlgorithm: 'ML_KEM', SharedSecretCiphertextBlob: bad })).SharedSecret).not.toEqual(e.SharedSecret);
    await expectKms(t.call('Decapsulate', { KeyId: k.KeyId, EncapsulationAlgorithm: 'ML_KEM', SharedSecretCiphertextBlob: bad.slice(1) }), 'InvalidCiphertextException');
  });
});

describe('key material model', () => {
  it('serialises private and public material; a reloaded vault verifies old signatures; wipeState zeroes private bytes', async () => {
    const t2 = createTestEngine();
    const { KeyMetadata: md } = await t2.call('CreateKey', { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
    const { Signature } = await t2.call('Sign', { KeyId: md.KeyId, Message: msg, SigningAlgorithm: 'ECDSA_SHA_384' });
    const reloaded = deserialiseState(serialiseState(t2.state));
    const m = reloaded.keys.get(md.KeyId)!.materials[0]!; // the key made above
    expect(m.publicKey).toEqual(t2.state.keys.get(md.KeyId)!.materials[0]!.publicKey);
    t2.state.keys.clear();
    for (const [id, k] of reloaded.keys) t2.state.keys.set(id, k);
    await expect(t2.call('Verify', { KeyId: md.KeyId, Message: msg, Signature, SigningAlgorithm: 'ECDSA_SHA_384' })).resolves.toMatchObject({ SignatureValid: true });
    const bytes = m.bytes;
    wipeState(t2.state);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });
});
