import {
  Alert, Badge, Button, Grid, Group, NumberInput, SegmentedControl, Stack, Switch, Text, TextInput, useMantineColorScheme, type MantineColorScheme,
} from '@mantine/core';
import { SecretPasswordInput } from '../../components/SecretField';
import { IconClockHour4, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { PASSPHRASE_MIN } from '../../../src-shared/app';
import { attempt, call, notifySuccess } from '../../api/call';
import { isBrowserMode } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime } from '../../lib/format';
import { useStore } from '../../stores/store';
import { ACCOUNT_ID_PATTERN, passphraseErrors, REGION_PATTERN } from '../../lib/validation';
import { KmsEndpointSection } from './KmsEndpointSection';

function GeneralSection() {
  const vault = useStore((s) => s.vault);
  const setVault = useStore((s) => s.setVault);
  const [accountId, setAccountId] = useState(vault?.accountId ?? '');
  const [region, setRegion] = useState(vault?.region ?? '');
  const [idle, setIdle] = useState<number | string>(vault?.idleLockMinutes ?? 15);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!vault) return;
    setAccountId(vault.accountId);
    setRegion(vault.region);
    setIdle(vault.idleLockMinutes);
  }, [vault?.accountId, vault?.region, vault?.idleLockMinutes]); // primitives only: a polled status object must not reset unsaved edits

  const accountError = ACCOUNT_ID_PATTERN.test(accountId) ? null : 'Twelve digits, e.g. 111122223333';
  const regionError = REGION_PATTERN.test(region) ? null : 'A region such as us-east-1';
  const idleN = Number(idle);
  const idleError = Number.isInteger(idleN) && idleN >= 1 && idleN <= 1440 ? null : '1 to 1440 minutes';
  const dirty = vault !== null && (accountId !== vault.accountId || region !== vault.region || idleN !== vault.idleLockMinutes);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!vault || accountError || regionError || idleError) return;
    setBusy(true);
    const next = await attempt(() =>
      call('settings:update', {
        ...(accountId !== vault.accountId ? { AccountId: accountId } : {}),
        ...(region !== vault.region ? { Region: region } : {}),
        ...(idleN !== vault.idleLockMinutes ? { IdleLockMinutes: idleN } : {}),
      }),
    );
    setBusy(false);
    if (next) {
      setVault(next);
      notifySuccess('Settings saved');
    }
  };

  return (
    <SectionCard title="Account and session">
      <form onSubmit={(e) => void save(e)} noValidate>
        <Stack gap="sm">
          <TextInput label="Account ID" description="Used in key ARNs and audit records." value={accountId} onChange={(e) => setAccountId(e.currentTarget.value.trim())} error={accountId && accountError} classNames={{ input: 'kw-mono' }} maw={320} />
          <TextInput label="Region" description="Used in key ARNs, e.g. arn:aws:kms:us-east-1:…" value={region} onChange={(e) => setRegion(e.currentTarget.value.trim())} error={region && regionError} classNames={{ input: 'kw-mono' }} maw={320} />
          <NumberInput label="Idle auto-lock (minutes)" description="Lock the vault after this long without activity." value={idle} onChange={setIdle} min={1} max={1440} allowDecimal={false} error={idleError} maw={320} />
          <Text size="xs" c="dimmed">Changing the account or region changes the ARNs shown for existing keys.</Text>
          <Group>
            <Button type="submit" loading={busy} disabled={!dirty}>Save settings</Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

function PassphraseSection() {
  const setVault = useStore((s) => s.setVault);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; passphrase?: string; confirm?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = { ...passphraseErrors(next, confirm) };
    if (current === '') errs.current = 'Enter the current passphrase';
    setErrors(errs);
    if (errs.current || errs.passphrase || errs.confirm) return;
    setBusy(true);
    const status = await attempt(() => call('vault:changePassphrase', { CurrentPassphrase: current, NewPassphrase: next }));
    setBusy(false);
    setCurrent('');
    if (status) {
      setNext('');
      setConfirm('');
      setVault(status);
      notifySuccess('The vault now opens with the new passphrase.', 'Passphrase changed');
    }
  };

  return (
    <SectionCard title="Change passphrase">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm" maw={360}>
          <SecretPasswordInput label="Current passphrase" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.current} kind="current" />
          <SecretPasswordInput label="New passphrase" description={`At least ${PASSPHRASE_MIN} characters.`} value={next} onChange={(e) => setNext(e.currentTarget.value)} error={errors.passphrase} kind="new" />
          <SecretPasswordInput label="Confirm new passphrase" value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={errors.confirm} kind="new" />
          <Group gap="sm">
            <Button type="submit" loading={busy}>Change passphrase</Button>
            {busy ? <Text size="sm" c="dimmed">Deriving key…</Text> : null}
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}

function KeychainSection() {
  const vault = useStore((s) => s.vault);
  const setVault = useStore((s) => s.setVault);
  const [busy, setBusy] = useState(false);
  if (!vault) return null;
  const toggle = async (enabled: boolean) => {
    setBusy(true);
    const status = await attempt(() => call('vault:setKeychainSlot', { Enabled: enabled }));
    setBusy(false);
    if (status) {
      setVault(status);
      notifySuccess(enabled ? 'The vault can now be unlocked with the OS keychain.' : 'Keychain unlock removed.');
    }
  };
  return (
    <SectionCard title="OS keychain">
      <Stack gap="sm">
        <Switch
          label="Unlock with the OS keychain"
          description={vault.keychainAvailable ? `Backend: ${vault.keychainBackend ?? 'OS keychain'}. Anyone logged in as you can open the vault without the passphrase.` : undefined}
          checked={vault.hasKeychainSlot}
          onChange={(e) => void toggle(e.currentTarget.checked)}
          disabled={!vault.keychainAvailable || busy}
        />
        {!vault.keychainAvailable ? (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />}>
            <Text size="sm">
              No OS keychain is available{isBrowserMode() ? ' to the Keyward host' : ''}. On Linux this needs a Secret Service
              (GNOME Keyring or KWallet); the plaintext <Text span ff="monospace" size="sm">basic_text</Text> store does not count.
              The passphrase remains the way to unlock.
            </Text>
          </Alert>
        ) : null}
      </Stack>
    </SectionCard>
  );
}

function AppearanceSection() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <SectionCard title="Appearance">
      <Stack gap={6}>
        <Text size="sm" fw={500}>Theme</Text>
        <SegmentedControl
          aria-label="Theme"
          value={colorScheme}
          onChange={(v) => setColorScheme(v as MantineColorScheme)} // the data below holds exactly MantineColorScheme values
          data={[{ value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' }, { value: 'auto', label: 'System' }]}
          w={260}
        />
      </Stack>
    </SectionCard>
  );
}

function ClockSection() {
  const clock = useStore((s) => s.clock);
  const setClock = useStore((s) => s.setClock);
  const refreshClock = useStore((s) => s.refreshClock);
  const refreshVault = useStore((s) => s.refreshVault);
  const [days, setDays] = useState<number | string>(30);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void attempt(refreshClock);
  }, [refreshClock]);
  if (!clock) return null;
  const n = Number(days);
  const valid = Number.isFinite(n) && n > 0 && n <= 3650;
  const advance = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    const next = await attempt(() => call('clock:advance', { Days: n }));
    setBusy(false);
    if (next) {
      setClock(next);
      notifySuccess(`Clock moved to ${formatDateTime(next.Now)}. Due rotations and deletions ran.`, 'Time advanced');
      void attempt(() => refreshVault());
    }
  };
  return (
    <SectionCard title="Clock" actions={<Badge variant="light" color={clock.Virtual ? 'grape' : 'gray'} leftSection={<IconClockHour4 size={12} />}>{clock.Virtual ? 'Virtual' : 'System'}</Badge>}>
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm" c="dimmed">Now</Text>
          <Text size="sm" ff="monospace" fw={500} data-testid="clock-now">{formatDateTime(clock.Now)}</Text>
        </Group>
        {clock.Virtual ? (
          <>
            <Text size="sm" c="dimmed">
              Training mode: this vault runs on a virtual clock. Advance it to watch automatic rotations and scheduled
              deletions happen, and to see costs accrue, without waiting. Time only moves forward.
            </Text>
            <form onSubmit={(e) => void advance(e)} noValidate>
              <Group align="flex-end" gap="xs">
                <NumberInput label="Days to advance" value={days} onChange={setDays} min={0.01} max={3650} decimalScale={2} w={140} error={valid ? null : '0 to 3650'} />
                <Button type="submit" loading={busy} disabled={!valid}>Advance time</Button>
              </Group>
            </form>
          </>
        ) : (
          <Text size="sm" c="dimmed">Keyward uses the system clock. A virtual clock for training is chosen when the app or host starts.</Text>
        )}
      </Stack>
    </SectionCard>
  );
}

/** Account, session, local KMS endpoint and access keys, passphrase, keychain, appearance and clock. */
export function SettingsPage() {
  const vault = useStore((s) => s.vault);
  return (
    <>
      <PageHeader title="Settings" description={vault ? `Vault ${vault.vaultId ?? ''} at ${vault.vaultPath}` : undefined} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            <GeneralSection />
            <KmsEndpointSection />
            <PassphraseSection />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            <ClockSection />
            <KeychainSection />
            <AppearanceSection />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
