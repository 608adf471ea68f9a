import {
  Alert, Box, Button, Center, Checkbox, Divider, Group, Loader, Paper, Stack, Text, Title,
} from '@mantine/core';
import { SecretPasswordInput } from '../../components/SecretField';
import { IconAlertTriangle, IconFingerprint, IconShieldLock } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { PASSPHRASE_MIN, type VaultStatus } from '../../../src-shared/app';
import { call } from '../../api/call';
import { ThemeToggle } from '../../app/Shell';
import { IntegrityAlerts } from '../../components/IntegrityAlerts';
import { useAction } from '../../hooks/useAction';
import { passphraseErrors } from '../../lib/validation';
import { useStore } from '../../stores/store';
import { PreviousGeneration } from './PreviousGeneration';

function Deriving() {
  return (
    <Group gap="xs" role="status" aria-live="polite">
      <Loader size="xs" />
      <Text size="sm" c="dimmed">
        Deriving key…
      </Text>
    </Group>
  );
}

interface GateFormProps {
  title: string;
  intro: string;
  vaultPath: string;
  onSubmit(e: FormEvent): Promise<void>;
  children: ReactNode;
}

/** The frame both gate forms share: heading, what it does, the fields, and where the vault file is. */
function GateForm({ title, intro, vaultPath, onSubmit, children }: GateFormProps) {
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3">
            {title}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {intro}
          </Text>
        </div>
        {children}
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          Vault file: {vaultPath}
        </Text>
      </Stack>
    </form>
  );
}

function CreateVaultForm({ status }: { status: VaultStatus }) {
  const setVault = useStore((s) => s.setVault);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [useKeychain, setUseKeychain] = useState(false);
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const { busy, run } = useAction<'create'>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = passphraseErrors(passphrase, confirm);
    setErrors(errs);
    if (errs.passphrase || errs.confirm) return;
    const next = await run('create', () => call('vault:create', { Passphrase: passphrase, ...(status.keychainAvailable && useKeychain ? { UseKeychain: true } : {}) }));
    if (next) {
      setPassphrase('');
      setConfirm('');
      setVault(next);
    }
  };

  return (
    <GateForm
      title="Create vault"
      intro="Keys are kept in one encrypted file. Choose a passphrase: it is the only way to open the vault unless you add the OS keychain. It cannot be recovered."
      vaultPath={status.vaultPath}
      onSubmit={submit}
    >
      <SecretPasswordInput
        label="Passphrase"
        description={`At least ${PASSPHRASE_MIN} characters; a few unrelated words work well.`}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        error={errors.passphrase}
        kind="new"
        data-autofocus
        autoFocus
        disabled={busy !== null}
      />
      <SecretPasswordInput
        label="Confirm passphrase"
        value={confirm}
        onChange={(e) => setConfirm(e.currentTarget.value)}
        error={errors.confirm}
        kind="new"
        disabled={busy !== null}
      />
      {status.keychainAvailable ? (
        <Checkbox
          label="Also unlock with the OS keychain"
          description={`Adds a slot wrapped by ${status.keychainBackend ?? 'the OS keychain'}; anyone logged in as you can then open the vault.`}
          checked={useKeychain}
          onChange={(e) => setUseKeychain(e.currentTarget.checked)}
          disabled={busy !== null}
        />
      ) : null}
      <Button type="submit" loading={busy !== null} fullWidth mt="xs">
        Create vault
      </Button>
      {busy ? <Deriving /> : null}
    </GateForm>
  );
}

function UnlockForm({ status }: { status: VaultStatus }) {
  const setVault = useStore((s) => s.setVault);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>();
  const { busy, run } = useAction<'passphrase' | 'keychain'>();

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    if (passphrase.length === 0) {
      setError('Enter the vault passphrase');
      return;
    }
    setError(undefined);
    const next = await run('passphrase', () => call('vault:unlock', { Passphrase: passphrase }));
    setPassphrase(''); // after a wrong passphrase too
    if (next) setVault(next);
  };

  const unlockWithKeychain = async () => {
    const next = await run('keychain', () => call('vault:unlockWithKeychain', {}));
    if (next) setVault(next);
  };

  return (
    <GateForm
      title="Unlock vault"
      intro="The vault is locked. Key material stays encrypted on disk until you unlock it."
      vaultPath={status.vaultPath}
      onSubmit={unlock}
    >
      <SecretPasswordInput
        label="Passphrase"
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        error={error}
        kind="current"
        autoFocus
        disabled={busy !== null}
      />
      <Button type="submit" loading={busy === 'passphrase'} disabled={busy === 'keychain'} fullWidth>
        Unlock
      </Button>
      {busy === 'passphrase' ? <Deriving /> : null}
      {status.hasKeychainSlot ? (
        <>
          <Divider label="or" labelPosition="center" />
          <Button
            variant="default"
            leftSection={<IconFingerprint size={16} />}
            onClick={() => void unlockWithKeychain()}
            loading={busy === 'keychain'}
            disabled={busy === 'passphrase' || !status.keychainAvailable}
            fullWidth
          >
            Unlock with OS keychain
          </Button>
          {!status.keychainAvailable ? (
            <Text size="xs" c="dimmed">
              The vault has a keychain slot, but no OS keychain is available right now.
            </Text>
          ) : null}
        </>
      ) : null}
    </GateForm>
  );
}

/** Shown instead of the app while there is no vault or it is locked. */
export function VaultGate({ status }: { status: VaultStatus }) {
  return (
    <Box mih="100vh" style={{ background: 'var(--kw-shell-bg)' }}>
      <Group justify="flex-end" p="md">
        <ThemeToggle />
      </Group>
      <Center pb={80}>
        <Stack w={460} maw="92vw" gap="md">
          <Group gap="xs" justify="center">
            <IconShieldLock size={30} color="var(--mantine-primary-color-filled)" />
            <Text fw={700} size="xl">
              Keyward
            </Text>
          </Group>
          <IntegrityAlerts problems={status.integrity} />
          <Paper withBorder shadow="sm" radius="md" p="xl">
            {status.exists ? <UnlockForm status={status} /> : <CreateVaultForm status={status} />}
          </Paper>
          {status.exists && status.previousGenerationAvailable === true ? <PreviousGeneration status={status} /> : null}
          {!status.exists ? (
            <Alert variant="light" color="gray" icon={<IconAlertTriangle size={16} />}>
              <Text size="xs">
                Keyward is a local key management service with the AWS KMS API. Keep backups of the vault file; without
                it and its passphrase, data encrypted under its keys cannot be decrypted.
              </Text>
            </Alert>
          ) : null}
        </Stack>
      </Center>
    </Box>
  );
}
