/**
 * The audit recorder: builds the CloudTrail-shaped record of a call (or of a scheduled
 * rotation or deletion) and appends it to the hash-chained log. Appending fixes the
 * record's place in the chain at once; the returned promise settles when it is written.
 */
import { CHANNEL_POLICY } from '../../src-shared/channel-policy.js';
import type { Channel } from '../../src-shared/contract.js';
import { errorToWire } from '../../src-shared/kms/errors.js';
import { buildAuditEvent } from '../audit/event-builder.js';
import type { AuditIntent } from '../audit/intent.js';
import type { AuditLog } from '../audit/store.js';
import { randomUuid } from '../crypto/random.js';
import type { CallerContext } from '../platform/caller.js';
import type { Clock } from '../platform/clock.js';
import type { SchedulerAction } from '../schedule/scheduler.js';
import { keyArnsOf } from './key-refs.js';
import type { VaultSession } from './session.js';
import type { SessionManager } from './session-manager.js';

/** Records calls and scheduled events in the service's audit log, with the open vault's (or last known) account and region. */
export class AuditRecorder {
  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly sessions: SessionManager,
  ) {}

  /**
   * Record one call: `response` when it succeeded, `error` (any thrown value, named on the
   * wire) when it failed, with the `intent` of the change it made (audit/intent.ts).
   * Resolves when the record is written; rejects (never throws) when it cannot be built or
   * written, e.g. AuditWriteException, and the intent is then aborted.
   */
  record(channel: Channel, request: unknown, response: unknown, error: unknown, caller: CallerContext, intent?: AuditIntent): Promise<unknown> {
    const state = this.sessions.current?.state;
    const settings = this.sessions.settings();
    const wire = error === undefined ? undefined : errorToWire(error);
    try {
      return this.audit.append(
        buildAuditEvent({
          channel,
          request,
          ...(response !== undefined ? { response } : {}),
          ...(wire ? { error: wire } : {}),
          caller,
          accountId: settings.accountId,
          region: settings.region,
          now: this.clock.now(),
          keyArns: keyArnsOf(state, request, response),
          readOnly: CHANNEL_POLICY[channel].readOnly,
          requestId: caller.requestId ?? randomUuid(),
        }),
        intent,
      );
    } catch (e) {
      intent?.abort(); // the record could not even be built: the change is undone
      return Promise.reject(e);
    }
  }

  /**
   * Record scheduled rotations and deletions as AWS service events
   * (https://docs.aws.amazon.com/kms/latest/developerguide/ct-rotatekey.html), appended in one
   * tick so they share one write; the first carries the change's `intent`, so a refusal of
   * any of them undoes the change and refuses the rest (audit/writer.ts).
   * @throws AuditWriteException when they cannot be written.
   */
  async recordScheduled(s: VaultSession, actions: readonly SchedulerAction[], intent?: AuditIntent): Promise<void> {
    const written = actions.map((a, k) => this.audit.append(buildAuditEvent({
      channel: `scheduler:${a.eventName}`,
      request: { KeyId: a.keyArn },
      response: a.keyMaterialId ? { KeyId: a.keyArn, KeyMaterialId: a.keyMaterialId } : { KeyId: a.keyArn },
      caller: 'scheduler',
      accountId: s.state.settings.accountId,
      region: s.state.settings.region,
      now: this.clock.now(),
      keyArns: [a.keyArn],
      readOnly: false,
      requestId: randomUuid(),
    }), k === 0 ? intent : undefined));
    await Promise.all(written);
  }
}
