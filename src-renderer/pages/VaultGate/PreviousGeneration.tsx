import { Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../src-shared/app';
import { call } from '../../api/call';
import { SecretPasswordInput } from '../../components/SecretField';
import { useAction } from '../../hooks/useAction';
import { useStore } from '../../stores/store';

/**
 * Offered on the unlock screen when the vault file failed its integrity check and its previous
 * generation passes it: restore that generation (vault:openPreviousGeneration, audited) after
 * the user confirms, with the passphrase that opens it. The damaged file is kept aside.
 */
export function PreviousGeneration({ status }: { status: VaultStatus }) {
  const setVault = useStore((s) => s.setVault);
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>();
  const { busy, run } = useAction<'restore'>();

  const close = () => {
    setOpen(false);
    setPassphrase('');
    setError(undefined);
  };

  const restore = async (e: FormEvent) => {
    e.preventDefault();
    if (passphrase.length === 0) {
      setError('Enter the passphrase of the previous generation');
      return;
    }
    setError(undefined);
    const next = await run('restore', () => call('vault:openPreviousGeneration', { Passphrase: passphrase }));
    setPassphrase('');
    if (next) {
      setOpen(false);
      setVault(next);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <Text fw={600} size="sm">Previous generation available</Text>
        <Text size="sm" c="dimmed">
          Keyward keeps the vault file as it was before its last change. Opening it loses that last change; the damaged
          file is kept beside it for inspection.
        </Text>
        <Button variant="default" leftSection={<IconHistory size={16} />} onClick={() => setOpen(true)}>
          Open the previous generation…
        </Button>
      </Stack>
      <Modal opened={open} onClose={close} title={<Text fw={600}>Open the previous generation?</Text>}>
        <form onSubmit={(e) => void restore(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              The damaged vault file is renamed (it ends in <code>.damaged-</code> followed by the time) and replaced by a copy
              of its previous generation, which is then unlocked. The last change made before the damage is lost. This is
              recorded in the audit log.
            </Text>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              Vault file: {status.vaultPath}
            </Text>
            <SecretPasswordInput
              label="Passphrase"
              description="The passphrase that opened the vault before its last change."
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              error={error}
              kind="current"
              data-autofocus
              disabled={busy !== null}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={busy !== null}>
                Cancel
              </Button>
              <Button type="submit" color="orange" loading={busy !== null}>
                Restore and unlock
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
