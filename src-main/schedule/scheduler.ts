/**
 * The scheduler: rotates keys whose NextRotationDate has passed and erases keys whose
 * deletion date has passed, catching up on everything that fell due while the vault was
 * closed. It reads only the clock port, so a virtual clock drives it in tests and
 * training mode.
 */
import type { ScheduledEvent } from '../../src-shared/app.js';
import type { EngineContext } from '../kms/context.js';
import { keyArn } from '../kms/identifiers.js';
import { eraseKey } from '../kms/lifecycle.js';
import { currentMaterial } from '../kms/model.js';
import { addMaterial } from '../kms/rotation.js';
import { DAY_MS } from '../platform/clock.js';

export interface SchedulerAction {
  /** CloudTrail's names for these service events. */
  eventName: 'RotateKey' | 'DeleteKey';
  keyId: string;
  keyArn: string;
  /** When it fell due (may be earlier than now when catching up). */
  dueAt: Date;
  keyMaterialId?: string;
}

/** Safety bound for one run: a clock moved decades ahead must not loop for long. */
const MAX_ROTATIONS_PER_KEY_PER_RUN = 1000;

/** Apply every due action to the in-memory state. The caller commits and audits. */
export function runDueActions(ctx: EngineContext): SchedulerAction[] {
  const { state } = ctx;
  const now = ctx.clock.now().getTime();
  const actions: SchedulerAction[] = [];
  for (const key of [...state.keys.values()]) {
    const arn = keyArn(state, key.keyId);
    if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now) {
      const dueAt = new Date(key.deletionDate);
      eraseKey(ctx, key);
      actions.push({ eventName: 'DeleteKey', keyId: key.keyId, keyArn: arn, dueAt });
      continue;
    }
    // Nothing rotates while a key is disabled or pending deletion
    // (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
    if (key.state !== 'Enabled' || !key.rotation.enabled || key.rotation.nextRotation === undefined) continue;
    if (key.rotation.nextRotation > now) continue;
    state.keys.edit(key.keyId);
    const period = key.rotation.periodDays * DAY_MS;
    let next: number = key.rotation.nextRotation;
    for (let n = 0; next <= now && n < MAX_ROTATIONS_PER_KEY_PER_RUN; n++) {
      addMaterial(key, next, 'AUTOMATIC');
      actions.push({ eventName: 'RotateKey', keyId: key.keyId, keyArn: arn, dueAt: new Date(next), keyMaterialId: currentMaterial(key)!.id }); // just added
      next += period;
    }
    key.rotation.nextRotation = next <= now ? now + period : next;
  }
  return actions;
}

/** Rotations and deletions due within `days`, soonest first (the Rotation schedule view). */
export function upcomingEvents(ctx: EngineContext, days: number): ScheduledEvent[] {
  const { state } = ctx;
  const now = ctx.clock.now().getTime();
  const until = now + days * DAY_MS;
  const events: ScheduledEvent[] = [];
  // Aliases by key, built once: asking per key would scan every alias for every key.
  const aliases = new Map<string, string[]>();
  for (const name of state.aliases.sorted()) {
    const target = state.aliases.get(name)?.targetKeyId;
    if (target !== undefined) aliases.set(target, [...(aliases.get(target) ?? []), name]);
  }
  for (const key of state.keys.values()) {
    const base = { KeyId: key.keyId, Arn: keyArn(state, key.keyId), Aliases: aliases.get(key.keyId) ?? [] };
    if (key.state === 'PendingDeletion' && key.deletionDate !== undefined) {
      if (key.deletionDate <= until) events.push({ kind: 'deletion', ...base, Date: new Date(key.deletionDate) });
      continue;
    }
    if (key.state !== 'Enabled' || !key.rotation.enabled || key.rotation.nextRotation === undefined) continue;
    for (let at = key.rotation.nextRotation; at <= until; at += key.rotation.periodDays * DAY_MS) {
      events.push({ kind: 'rotation', ...base, Date: new Date(at) });
    }
  }
  return events.sort((a, b) => a.Date.getTime() - b.Date.getTime());
}
