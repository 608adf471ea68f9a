/** kms:<Operation> channels: every KMS operation, served by the open vault's engine. */
import type { KmsResponse } from '../../../src-shared/kms/types.js';
import { KMS_OPERATIONS, type KmsOperation, type KmsRequest } from '../../../src-shared/kms/schemas.js';
import type { KeygenLane } from '../../crypto/keygen.js';
import { PreparedKeyPair } from '../../kms/key-material.js';
import type { CallerContext } from '../../platform/caller.js';
import type { Handler, HandlerMap, Prepared, PreparerMap, ServiceContext } from '../handlers.js';

type KmsChannel = `kms:${KmsOperation}`;

/** One handler per KMS operation; each throws VaultLockedException when locked, else what the engine throws. */
export function kmsChannels(ctx: ServiceContext): HandlerMap<KmsChannel> {
  const { sessions } = ctx;
  const one = <O extends KmsOperation>(op: O) =>
    (request: KmsRequest<O>, _caller: CallerContext, prepared?: Prepared): Promise<KmsResponse<O>> =>
      sessions.require().engine.execute(op, request, prepared instanceof PreparedKeyPair ? prepared : undefined);
  // KMS_OPERATIONS lists every operation once, so the object has one handler per kms: channel;
  // each was built for its own operation, so its types are that channel's.
  return Object.fromEntries(KMS_OPERATIONS.map((op) => [`kms:${op}`, one(op)])) as unknown as { [C in KmsChannel]: Handler<C> };
}

/**
 * Whose turn a key generation waits for (crypto/keygen.ts serves lanes round robin): the
 * access key of an endpoint call, else the transport: the desktop window (ipc) and the
 * browser UI (host), whose lanes may use the slot kept for people.
 */
export function laneOf(caller: CallerContext): KeygenLane {
  if (caller.accessKeyId !== undefined) return { id: `key:${caller.accessKeyId}`, reserved: false };
  return { id: caller.transport, reserved: caller.transport !== 'api' };
}

/**
 * The KMS operations that generate a key pair, prepared outside the router's mutex
 * (KmsEngine.prepare): nothing while the vault is locked.
 */
export function kmsPreparers(ctx: ServiceContext): PreparerMap {
  const { sessions } = ctx;
  return {
    'kms:CreateKey': async (request, caller) => sessions.current?.engine.prepare('CreateKey', request, laneOf(caller)),
    'kms:GenerateDataKeyPair': async (request, caller) => sessions.current?.engine.prepare('GenerateDataKeyPair', request, laneOf(caller)),
    'kms:GenerateDataKeyPairWithoutPlaintext': async (request, caller) =>
      sessions.current?.engine.prepare('GenerateDataKeyPairWithoutPlaintext', request, laneOf(caller)),
  };
}
