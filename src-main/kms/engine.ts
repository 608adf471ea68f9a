/**
 * The KMS engine: one method per KMS operation, in KMS's request/response shapes. IPC and
 * the HTTP endpoint both call `execute`, so behaviour cannot drift between them.
 * Requests arrive already parsed against src-shared/kms/schemas.ts.
 */
import type { KmsOperation, KmsRequest } from '../../src-shared/kms/schemas.js';
import type { KmsResponse } from '../../src-shared/kms/types.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { beforeOperation } from './aws-managed.js';
import {
  decapsulate, deriveSharedSecret, encapsulate, generateDataKeyPair, generateDataKeyPairWithoutPlaintext, generateMac,
  getPublicKey, sign, verify, verifyMac,
} from './asymmetric-ops.js';
import type { EngineContext } from './context.js';
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, generateRandom, reEncrypt } from './crypto-ops.js';
import {
  cancelKeyDeletion, createKey, describeKey, disableKey, enableKey, listKeys, scheduleKeyDeletion, updateKeyDescription,
} from './lifecycle.js';
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus, listKeyRotations, rotateKeyOnDemand } from './rotation.js';
import { listResourceTags, tagResource, untagResource } from './tags.js';

type Handler<O extends KmsOperation> = (ctx: EngineContext, req: KmsRequest<O>) => KmsResponse<O> | Promise<KmsResponse<O>>;
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

export class KmsEngine {
  constructor(readonly ctx: EngineContext) {}

  async execute<O extends KmsOperation>(operation: O, request: KmsRequest<O>): Promise<KmsResponse<O>> {
    const handler = HANDLERS[operation] as Handler<O>; // indexed by O, so the table entry is Handler<O>
    await beforeOperation(this.ctx, operation, request); // AWS managed keys: created on first use, refused changes
    return handler(this.ctx, request);
  }
}
