import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditBreak } from '../../../src-shared/audit';
import { call } from '../../api/call';
import { formatDateTimeSeconds } from '../../lib/format';

/**
 * Audit breaks detected earlier (at unlock or by a verify) and kept in the vault until a
 * person acknowledges them. Acknowledging is an audited call (audit:acknowledgeBreak), after
 * a confirmation; it does not repair anything, it records that someone has seen the break.
 */
export function AuditBreaks({ breaks, onChanged }: { breaks: readonly AuditBreak[]; onChanged: () => void }) {
  const [confirming, setConfirming] = useState<AuditBreak | null>(null);
  const [busy, setBusy] = useState(false);
  if (breaks.length === 0) return null;

  const acknowledge = async (b: AuditBreak) => {
    setBusy(true);
    try {
      await call('audit:acknowledgeBreak', { Id: b.id });
      setConfirming(null);
      onChanged();
    } catch {
      // notified by call()
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack mb="md" gap="xs" aria-label="Audit breaks">
      {breaks.map((b) => (
        <Alert key={b.id} color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`Audit log break at record #${b.seq}, not yet acknowledged`}>
          <Text size="sm">{b.reason}.</Text>
          <Group justify="space-between" mt={6}>
            <Text size="xs" c="dimmed">Detected {formatDateTimeSeconds(b.detectedAt)}. It stays reported here, at every unlock and in every verification until someone acknowledges it.</Text>
            <Button size="xs" variant="default" onClick={() => setConfirming(b)}>Acknowledge…</Button>
          </Group>
        </Alert>
      ))}
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={<Text fw={600}>Acknowledge this audit break?</Text>}>
        {confirming ? (
          <Stack gap="sm">
            <Text size="sm">Record #{confirming.seq}: {confirming.reason}.</Text>
            <Text size="sm">
              Acknowledging does not repair the log. It records, in the audit log itself, that you have seen this break;
              later verifications then report it as acknowledged instead of failing on it.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>Cancel</Button>
              <Button color="red" loading={busy} onClick={() => void acknowledge(confirming)}>Acknowledge break</Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
