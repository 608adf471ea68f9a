/**
 * The KMS engine: one method per KMS operation, in KMS's request/response shapes. IPC and
 * the HTTP endpoint both call `execute`, so behaviour cannot drift between them.
 * Requests arrive already parsed against src-shared/kms/schemas.ts.
 */
import type { DataKeyPairSpec, KeySpec } from '../../src-shared/kms/enums.js';
import type { KeygenLane } from '../crypto/keygen.js';
import type { KmsOperation, KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { beforeOperation } from './aws-managed.js';
import {
  checkDataKeyPair, decapsulate, deriveSharedSecret, encapsulate, generateDataKeyPair, generateDataKeyPairWithoutPlaintext, generateMac,
  getPublicKey, sign, verify, verifyMac,
} from './asymmetric-ops.js';
import type { EngineContext } from './context.js';
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, generateRandom, reEncrypt } from './crypto-ops.js';
import {
  cancelKeyDeletion, checkCreateKey, createKey, describeKey, disableKey, enableKey, listKeys, scheduleKeyDeletion, updateKeyDescription,
} from './lifecycle.js';
import { generateKeyPairFor, hasKeyPair, PreparedKeyPair } from './key-material.js';
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus, listKeyRotations, rotateKeyOnDemand } from './rotation.js';
import { listResourceTags, tagResource, untagResource } from './tags.js';

type Handler<O extends KmsOperation> = (ctx: EngineContext, req: KmsRequest<O>, prepared?: PreparedKeyPair) => KmsResponse<O> | Promise<KmsResponse<O>>;
type HandlerTable = { [O in KmsOperation]: Handler<O> };

const HANDLERS: HandlerTable = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  UpdateKeyDescription: updateKeyDescription,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  Encrypt: encrypt,
  Decrypt: decrypt,
  ReEncrypt: reEncrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateRandom: generateRandom,
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  EnableKeyRotation: enableKeyRotation,
  DisableKeyRotation: disableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ListKeyRotations: listKeyRotations,
  Sign: sign,
  Verify: verify,
  GetPublicKey: getPublicKey,
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
  DeriveSharedSecret: deriveSharedSecret,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  Encapsulate: encapsulate,
  Decapsulate: decapsulate,
};

/**
 * The key pair spec `operation` would generate for `request` if its checks, run now against
 * the current state, pass: CreateKey of an RSA/ECC/ML-DSA/ML-KEM spec, GenerateDataKeyPair
 * and its WithoutPlaintext form. Undefined for any other call, or when a check refuses (the
 * call itself will then be refused with the same error, in the same order).
 */
function keyPairSpecFor(ctx: EngineContext, operation: KmsOperation, request: unknown): KeySpec | DataKeyPairSpec | undefined {
  try {
    if (operation === 'CreateKey') {
      const { spec } = checkCreateKey(ctx, request as KmsRequest<'CreateKey'>); // execute's request for this operation
      return hasKeyPair(spec) ? spec : undefined;
    }
    if (operation === 'GenerateDataKeyPair' || operation === 'GenerateDataKeyPairWithoutPlaintext') {
      const req = request as KmsRequest<'GenerateDataKeyPair'>; // as above; both operations share the request shape
      checkDataKeyPair(ctx, req, operation);
      return req.KeyPairSpec;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The engine over one vault's state: `prepare` (outside any lock) then `execute` (one at a time). */
export class KmsEngine {
  constructor(readonly ctx: EngineContext) {}

  /**
   * The long work of a call, done before it runs and without touching the state: the key
   * pair CreateKey or GenerateDataKeyPair(WithoutPlaintext) will use, generated off the main
   * thread in `lane`'s turn (crypto/keygen.ts; a lane is a caller). Undefined when the call
   * generates no key pair or its checks already refuse it. Pass the result to `execute`,
   * then `dispose` it. Never rejects, except with node's own error if RSA generation fails.
   */
  async prepare<O extends KmsOperation>(operation: O, request: KmsRequest<O>, lane: KeygenLane): Promise<PreparedKeyPair | undefined> {
    const spec = keyPairSpecFor(this.ctx, operation, request);
    if (spec === undefined) return undefined;
    return new PreparedKeyPair(spec, await generateKeyPairFor(spec, lane));
  }

  /** Run one KMS operation; `prepared` is what `prepare` made for this request (generated here when absent). Throws the operation's KMS exceptions. */
  async execute<O extends KmsOperation>(operation: O, request: KmsRequest<O>, prepared?: PreparedKeyPair): Promise<KmsResponse<O>> {
    const handler = HANDLERS[operation] as Handler<O>; // indexed by O, so the table entry is Handler<O>
    await beforeOperation(this.ctx, operation, request); // AWS managed keys: created on first use, refused changes
    return handler(this.ctx, request, prepared);
  }
}
