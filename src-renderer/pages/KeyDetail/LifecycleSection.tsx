import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { IconBan, IconCircleCheck, IconKeyOff } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../src-shared/kms/enums';
import { call, notifySuccess } from '../../api/call';
import { SectionCard } from '../../components/SectionCard';
import { useAction } from '../../hooks/useAction';
import { formatDateTime } from '../../lib/format';
import { pendingWindowError } from '../../lib/validation';
import { AwsManagedNote, isAwsManaged } from './awsManaged';
import type { SectionProps } from './useKeyDetail';

/** Enable, disable, schedule or cancel deletion (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion). */
export function LifecycleSection({ detail, onChanged }: SectionProps) {
  const { meta } = detail;
  const locked = isAwsManaged(meta);
  const { busy, run } = useAction();
  const [scheduling, setScheduling] = useState(false);
  const [days, setDays] = useState<number | string>(LIMITS.pendingWindowDefault);
  const [daysError, setDaysError] = useState<string | null>(null);

  /** Run a lifecycle call; on success say `message` and reload. */
  const act = async (work: () => Promise<unknown>, message: string) => {
    const ok = await run('run', work);
    if (ok !== undefined) {
      notifySuccess(message);
      onChanged();
    }
    return ok !== undefined;
  };
  const schedule = async (e: FormEvent) => {
    e.preventDefault();
    const err = pendingWindowError(days);
    setDaysError(err);
    if (err) return;
    const n = Number(days);
    const ok = await act(() => call('kms:ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: n }), `Key scheduled for deletion in ${n} days`);
    if (ok) setScheduling(false);
  };

  return (
    <SectionCard title="Lifecycle">
      <Stack gap="sm">
        {meta.KeyState === 'PendingDeletion' ? (
          <Text size="sm">
            This key will be deleted on <b>{formatDateTime(meta.DeletionDate)}</b>. Until then it cannot be used. Cancel the
            deletion to keep it (it returns as Disabled).
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Disable a key to stop its use without losing it. Deletion is irreversible after the waiting period: data
            encrypted under the key can no longer be decrypted.
          </Text>
        )}
        <Group gap="xs">
          {meta.KeyState === 'Enabled' ? (
            <Button variant="default" leftSection={<IconBan size={16} />} loading={busy !== null} disabled={locked} onClick={() => void act(() => call('kms:DisableKey', { KeyId: meta.KeyId }), 'Key disabled')}>
              Disable key
            </Button>
          ) : null}
          {meta.KeyState === 'Disabled' ? (
            <Button variant="default" leftSection={<IconCircleCheck size={16} />} loading={busy !== null} disabled={locked} onClick={() => void act(() => call('kms:EnableKey', { KeyId: meta.KeyId }), 'Key enabled')}>
              Enable key
            </Button>
          ) : null}
          {meta.KeyState === 'PendingDeletion' ? (
            <Button color="green" variant="light" loading={busy !== null} disabled={locked} onClick={() => void act(() => call('kms:CancelKeyDeletion', { KeyId: meta.KeyId }), 'Deletion cancelled; the key is Disabled')}>
              Cancel deletion
            </Button>
          ) : (
            <Button color="red" variant="light" leftSection={<IconKeyOff size={16} />} onClick={() => setScheduling(true)} disabled={locked || busy !== null}>
              Schedule deletion
            </Button>
          )}
        </Group>
        <AwsManagedNote meta={meta} />
      </Stack>
      <Modal opened={scheduling} onClose={() => setScheduling(false)} title={<Text fw={600}>Schedule key deletion</Text>}>
        <form onSubmit={(e) => void schedule(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              After the waiting period the key and all its material are deleted. Ciphertexts under it become
              undecryptable. During the wait the key cannot be used and the deletion can be cancelled.
            </Text>
            <NumberInput
              label="Waiting period (days)"
              description={`${LIMITS.pendingWindowMin}–${LIMITS.pendingWindowMax} days`}
              value={days}
              onChange={setDays}
              min={LIMITS.pendingWindowMin}
              max={LIMITS.pendingWindowMax}
              allowDecimal={false}
              error={daysError}
              data-autofocus
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={() => setScheduling(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={busy !== null}>
                Schedule deletion
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </SectionCard>
  );
}
