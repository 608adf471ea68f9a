/** kms:<Operation> channels: every KMS operation, served by the open vault's engine. */
import type { KmsResponse } from '../../../src-shared/kms/types.js';
import { KMS_OPERATIONS, type KmsOperation, type KmsRequest } from '../../../src-shared/kms/schemas.js';
import type { Handler, HandlerMap, ServiceContext } from '../handlers.js';

type KmsChannel = `kms:${KmsOperation}`;

/** One handler per KMS operation; each throws VaultLockedException when locked, else what the engine throws. */
export function kmsChannels(ctx: ServiceContext): HandlerMap<KmsChannel> {
  const { sessions } = ctx;
  const one = <O extends KmsOperation>(op: O) =>
    (request: KmsRequest<O>): Promise<KmsResponse<O>> => sessions.require().engine.execute(op, request);
  // KMS_OPERATIONS lists every operation once, so the object has one handler per kms: channel;
  // each was built for its own operation, so its types are that channel's.
  return Object.fromEntries(KMS_OPERATIONS.map((op) => [`kms:${op}`, one(op)])) as unknown as { [C in KmsChannel]: Handler<C> };
}
