import {
  ActionIcon, Anchor, Badge, Button, EmptyState, Grid, Group, Loader, Modal, NumberInput, Stack, Switch, Table,
  Text, TextInput, Textarea, Title, Tooltip,
} from '@mantine/core';
import {
  IconArrowLeft, IconBan, IconCircleCheck, IconKeyOff, IconPlus, IconRotateClockwise, IconTrash, IconX,
} from '@tabler/icons-react';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { KeyCost } from '../../../src-shared/app';
import { CATALOGUE, SIGNING_ALGORITHM_INFO, algorithmsFor } from '../../../src-shared/kms/catalogue';
import { LIMITS } from '../../../src-shared/kms/enums';
import type { KeyMetadata, RotationListEntry, Tag } from '../../../src-shared/kms/types';
import { attempt, call, notifySuccess } from '../../api/call';
import { IdText } from '../../components/IdText';
import { KeyTypeBadge } from '../../components/KeyTypeBadge';
import { SectionCard } from '../../components/SectionCard';
import { StateBadge } from '../../components/StateBadge';
import { ALIAS_PREFIX, aliasError, fullAliasName } from '../../lib/alias';
import { formatCount, formatDate, formatDateTime, formatUsd } from '../../lib/format';
import type { RotationStatus } from '../../lib/keys';
import { routeToHash } from '../../lib/route';
import { listAllAliases, listAllTags, rotationStatusOf } from '../../stores/keysSlice';
import { useStore } from '../../stores/store';
import { pendingWindowError, rotationPeriodError } from '../../lib/validation';
import { PublicKeySection } from './PublicKeySection';

interface Detail {
  meta: KeyMetadata;
  aliases: string[];
  tags: Tag[];
  rotation?: RotationStatus;
  rotations: RotationListEntry[];
  cost?: KeyCost | null;
}

async function listAllRotations(keyId: string): Promise<RotationListEntry[]> {
  const out: RotationListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await call('kms:ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 100, ...(marker ? { Marker: marker } : {}) });
    out.push(...page.Rotations);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

async function loadDetail(keyId: string): Promise<Detail> {
  const { KeyMetadata: meta } = await call('kms:DescribeKey', { KeyId: keyId });
  const id = meta.KeyId;
  const [aliases, tags, rotation, rotations, cost] = await Promise.all([
    listAllAliases(id).then((a) => a.map((x) => x.AliasName).sort()).catch((): string[] => []),
    listAllTags(id).catch((): Tag[] => []),
    rotationStatusOf(meta),
    meta.KeySpec === 'SYMMETRIC_DEFAULT' ? listAllRotations(id).catch((): RotationListEntry[] => []) : Promise.resolve([]),
    call('cost:estimate', {}).then((c) => c.Keys.find((k) => k.KeyId === id) ?? null).catch(() => undefined),
  ]);
  return { meta, aliases, tags, rotations, ...(rotation ? { rotation } : {}), ...(cost === undefined ? {} : { cost }) };
}

/**
 * Every algorithm the key allows, as DescribeKey reports them; the catalogue fills in if an
 * older vault's metadata lacks the lists.
 */
function keyAlgorithms(meta: KeyMetadata): { name: string; summary?: string }[] {
  const fallback = algorithmsFor(meta.KeySpec, meta.KeyUsage);
  const pick = <T extends string>(own: T[] | undefined, cat: T[] | undefined): { name: string }[] =>
    (own?.length ? own : cat ?? []).map((name) => ({ name }));
  const signing = (meta.SigningAlgorithms?.length ? meta.SigningAlgorithms : fallback.SigningAlgorithms ?? [])
    .map((a) => ({ name: a, summary: SIGNING_ALGORITHM_INFO[a].summary }));
  return [
    ...pick(meta.EncryptionAlgorithms, fallback.EncryptionAlgorithms),
    ...signing,
    ...pick(meta.MacAlgorithms, fallback.MacAlgorithms),
    ...pick(meta.KeyAgreementAlgorithms, fallback.KeyAgreementAlgorithms),
    ...pick(meta.EncapsulationAlgorithms, fallback.EncapsulationAlgorithms),
  ];
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={170} fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function ConfigurationSection({ detail, onChanged }: { detail: Detail; onChanged(): void }) {
  const { meta } = detail;
  const [description, setDescription] = useState(meta.Description);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDescription(meta.Description), [meta.Description]);
  const save = async () => {
    setBusy(true);
    const ok = await attempt(() => call('kms:UpdateKeyDescription', { KeyId: meta.KeyId, Description: description }));
    setBusy(false);
    if (ok) {
      notifySuccess('Description saved');
      onChanged();
    }
  };
  return (
    <SectionCard title="Configuration">
      <Table withRowBorders={false} verticalSpacing={4} layout="fixed">
        <Table.Tbody>
          <Field label="ARN">
            <IdText value={meta.Arn} label="ARN" size="xs" />
          </Field>
          <Field label="Key ID">
            <IdText value={meta.KeyId} label="key ID" size="xs" />
          </Field>
          <Field label="State">
            <StateBadge state={meta.KeyState} />
          </Field>
          <Field label="Key spec">
            <Text size="sm" ff="monospace">{meta.KeySpec}</Text>
          </Field>
          <Field label="Key usage">
            <Text size="sm" ff="monospace">{meta.KeyUsage}</Text>
          </Field>
          <Field label="Origin">
            <Text size="sm" ff="monospace">{meta.Origin}</Text>
          </Field>
          <Field label="Key manager">
            <Text size="sm">{meta.KeyManager}</Text>
          </Field>
          <Field label="Type">
            <KeyTypeBadge spec={meta.KeySpec} usage={meta.KeyUsage} />
            <Text size="xs" c="dimmed" mt={4}>{CATALOGUE[meta.KeySpec].summary}</Text>
          </Field>
          {keyAlgorithms(meta).length ? (
            <Field label="Algorithms">
              <Group gap={4} aria-label="Algorithms">
                {keyAlgorithms(meta).map((a) => (
                  <Tooltip key={a.name} label={a.summary ?? a.name} disabled={a.summary === undefined}>
                    <Badge variant="default" radius="sm" tt="none" ff="monospace" fw={500}>{a.name}</Badge>
                  </Tooltip>
                ))}
              </Group>
            </Field>
          ) : null}
          {meta.CurrentKeyMaterialId ? (
            <Field label="Current material">
              <IdText value={meta.CurrentKeyMaterialId} label="key material ID" size="xs" />
            </Field>
          ) : null}
          <Field label="Created">
            <Text size="sm">{formatDateTime(meta.CreationDate)}</Text>
          </Field>
          {meta.DeletionDate ? (
            <Field label="Deletion date">
              <Text size="sm" c="red">
                {formatDateTime(meta.DeletionDate)}
              </Text>
            </Field>
          ) : null}
        </Table.Tbody>
      </Table>
      <Stack gap={6} mt="sm">
        <Textarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={LIMITS.descriptionMax}
          placeholder="No description. Say what this key protects."
        />
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={() => void save()} loading={busy} disabled={description === meta.Description}>
            Save description
          </Button>
        </Group>
      </Stack>
    </SectionCard>
  );
}

function AliasesSection({ detail, onChanged }: { detail: Detail; onChanged(): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const err = aliasError(name);
    setError(err);
    if (err) return;
    setBusy(true);
    const ok = await attempt(() => call('kms:CreateAlias', { AliasName: fullAliasName(name), TargetKeyId: detail.meta.KeyId }));
    setBusy(false);
    if (ok) {
      setName('');
      onChanged();
    }
  };
  const remove = async (alias: string) => {
    const ok = await attempt(() => call('kms:DeleteAlias', { AliasName: alias }));
    if (ok) onChanged();
  };
  return (
    <SectionCard title={`Aliases (${detail.aliases.length})`}>
      <Stack gap={4}>
        {detail.aliases.length === 0 ? (
          <Text size="sm" c="dimmed">
            No aliases. Add one so applications can refer to this key by name.
          </Text>
        ) : (
          detail.aliases.map((a) => (
            <Group key={a} justify="space-between" wrap="nowrap">
              <IdText value={a} label="alias" fw={500} />
              <Tooltip label="Delete alias">
                <ActionIcon variant="subtle" color="red" aria-label={`Delete alias ${a}`} onClick={() => void remove(a)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))
        )}
      </Stack>
      <form onSubmit={(e) => void add(e)} noValidate>
        <Group mt="sm" align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            aria-label="New alias"
            placeholder="name"
            leftSection={<Text size="sm" c="dimmed" ff="monospace">{ALIAS_PREFIX}</Text>}
            leftSectionWidth={62}
            classNames={{ input: 'kw-mono' }}
            value={name}
            onChange={(e) => setName(e.currentTarget.value.replace(/^alias\//, ''))}
            error={error}
            style={{ flex: 1 }}
          />
          <Button type="submit" variant="default" leftSection={<IconPlus size={14} />} loading={busy}>
            Add alias
          </Button>
        </Group>
      </form>
    </SectionCard>
  );
}

function TagsSection({ detail, onChanged }: { detail: Detail; onChanged(): void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (key === '') return setError('Enter a tag key');
    if (key.length > LIMITS.tagKeyMax) return setError(`At most ${LIMITS.tagKeyMax} characters`);
    if (value.length > LIMITS.tagValueMax) return setError(`Value: at most ${LIMITS.tagValueMax} characters`);
    setError(null);
    setBusy(true);
    const ok = await attempt(() => call('kms:TagResource', { KeyId: detail.meta.KeyId, Tags: [{ TagKey: key, TagValue: value }] }));
    setBusy(false);
    if (ok) {
      setKey('');
      setValue('');
      onChanged();
    }
  };
  const remove = async (tagKey: string) => {
    const ok = await attempt(() => call('kms:UntagResource', { KeyId: detail.meta.KeyId, TagKeys: [tagKey] }));
    if (ok) onChanged();
  };
  return (
    <SectionCard title={`Tags (${detail.tags.length})`}>
      {detail.tags.length === 0 ? (
        <Text size="sm" c="dimmed">
          No tags. Tags (owner, environment, data class) make keys easy to find and account for.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Tags">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.tags.map((t) => (
              <Table.Tr key={t.TagKey}>
                <Table.Td ff="monospace">{t.TagKey}</Table.Td>
                <Table.Td ff="monospace">{t.TagValue}</Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="gray" aria-label={`Remove tag ${t.TagKey}`} onClick={() => void remove(t.TagKey)}>
                    <IconX size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={(e) => void add(e)} noValidate>
        <Group mt="sm" gap="xs" align="flex-start" wrap="nowrap">
          <TextInput label="Tag key" value={key} onChange={(e) => setKey(e.currentTarget.value)} error={error} style={{ flex: 1 }} classNames={{ input: 'kw-mono' }} />
          <TextInput label="Tag value" value={value} onChange={(e) => setValue(e.currentTarget.value)} style={{ flex: 1 }} classNames={{ input: 'kw-mono' }} />
          <Button type="submit" variant="default" leftSection={<IconPlus size={14} />} loading={busy} mt={25}>
            Add tag
          </Button>
        </Group>
      </form>
    </SectionCard>
  );
}

function RotationSection({ detail, onChanged }: { detail: Detail; onChanged(): void }) {
  const { meta, rotation } = detail;
  const [period, setPeriod] = useState<number | string>(rotation?.RotationPeriodInDays ?? LIMITS.rotationPeriodDefault);
  const [periodError, setPeriodError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'toggle' | 'period' | 'now' | null>(null);
  useEffect(() => setPeriod(rotation?.RotationPeriodInDays ?? LIMITS.rotationPeriodDefault), [rotation?.RotationPeriodInDays]);

  if (!rotation) {
    return (
      <SectionCard title="Rotation">
        <Text size="sm" c="dimmed">
          Automatic rotation applies to symmetric keys with key material generated by Keyward
          {meta.KeyState === 'PendingDeletion' ? ', and not to keys pending deletion' : ''}.
        </Text>
      </SectionCard>
    );
  }

  const enable = async (days: number | string) => {
    const err = rotationPeriodError(days);
    setPeriodError(err);
    if (err) return false;
    return (await attempt(() => call('kms:EnableKeyRotation', { KeyId: meta.KeyId, RotationPeriodInDays: Number(days) }))) !== undefined;
  };
  const toggle = async (on: boolean) => {
    setBusy('toggle');
    const ok = on ? await enable(period) : (await attempt(() => call('kms:DisableKeyRotation', { KeyId: meta.KeyId }))) !== undefined;
    setBusy(null);
    if (ok) onChanged();
  };
  const savePeriod = async () => {
    setBusy('period');
    const ok = await enable(period);
    setBusy(null);
    if (ok) {
      notifySuccess(`Rotation period set to ${period} days`);
      onChanged();
    }
  };
  const rotateNow = async () => {
    setBusy('now');
    const ok = await attempt(() => call('kms:RotateKeyOnDemand', { KeyId: meta.KeyId }));
    setBusy(null);
    if (ok) {
      notifySuccess('New key material is current. Older versions still decrypt existing ciphertexts.', 'Key rotated');
      onChanged();
    }
  };
  const periodChanged = Number(period) !== (rotation.RotationPeriodInDays ?? NaN);

  return (
    <SectionCard title="Rotation">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Switch
            label="Automatic rotation"
            description={rotation.KeyRotationEnabled ? `Every ${rotation.RotationPeriodInDays ?? '?'} days` : 'Off: the key material never changes unless rotated on demand'}
            checked={rotation.KeyRotationEnabled}
            onChange={(e) => void toggle(e.currentTarget.checked)}
            disabled={busy !== null}
          />
          <Button
            variant="default"
            leftSection={<IconRotateClockwise size={16} />}
            onClick={() => void rotateNow()}
            loading={busy === 'now'}
            disabled={meta.KeyState !== 'Enabled'}
          >
            Rotate now
          </Button>
        </Group>
        <Group align="flex-end" gap="xs">
          <NumberInput
            label="Rotation period (days)"
            value={period}
            onChange={setPeriod}
            min={LIMITS.rotationPeriodMin}
            max={LIMITS.rotationPeriodMax}
            allowDecimal={false}
            error={periodError}
            w={190}
            size="sm"
          />
          {rotation.KeyRotationEnabled ? (
            <Button variant="default" onClick={() => void savePeriod()} loading={busy === 'period'} disabled={!periodChanged}>
              Save period
            </Button>
          ) : null}
        </Group>
        <Group gap="xl">
          <div>
            <Text size="xs" c="dimmed">
              Next rotation
            </Text>
            <Text size="sm" fw={500}>
              {rotation.KeyRotationEnabled ? formatDate(rotation.NextRotationDate) : '—'}
            </Text>
          </div>
          {rotation.OnDemandRotationStartDate ? (
            <div>
              <Text size="xs" c="dimmed">
                On-demand rotation started
              </Text>
              <Text size="sm" fw={500}>
                {formatDateTime(rotation.OnDemandRotationStartDate)}
              </Text>
            </div>
          ) : null}
        </Group>
        <Text size="sm" fw={500} mt={4}>
          Key material history
        </Text>
        {detail.rotations.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not rotated yet. Rotations appear here with their date and type.
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label="Rotation history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rotated</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Material ID</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.rotations.map((r) => (
                <Table.Tr key={r.KeyMaterialId}>
                  <Table.Td>{r.RotationDate ? formatDateTime(r.RotationDate) : 'Original'}</Table.Td>
                  <Table.Td>{r.RotationType ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" title={r.KeyMaterialId}>
                      {r.KeyMaterialId.slice(0, 16)}…
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant={r.KeyMaterialState === 'CURRENT' ? 'light' : 'outline'} color={r.KeyMaterialState === 'CURRENT' ? 'green' : 'gray'} radius="sm">
                      {r.KeyMaterialState}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </SectionCard>
  );
}

function LifecycleSection({ detail, onChanged }: { detail: Detail; onChanged(): void }) {
  const { meta } = detail;
  const [busy, setBusy] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [days, setDays] = useState<number | string>(LIMITS.pendingWindowDefault);
  const [daysError, setDaysError] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    const ok = await attempt(work);
    setBusy(false);
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
    const ok = await run(() => call('kms:ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: n }), `Key scheduled for deletion in ${n} days`);
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
            <Button variant="default" leftSection={<IconBan size={16} />} loading={busy} onClick={() => void run(() => call('kms:DisableKey', { KeyId: meta.KeyId }), 'Key disabled')}>
              Disable key
            </Button>
          ) : null}
          {meta.KeyState === 'Disabled' ? (
            <Button variant="default" leftSection={<IconCircleCheck size={16} />} loading={busy} onClick={() => void run(() => call('kms:EnableKey', { KeyId: meta.KeyId }), 'Key enabled')}>
              Enable key
            </Button>
          ) : null}
          {meta.KeyState === 'PendingDeletion' ? (
            <Button color="green" variant="light" loading={busy} onClick={() => void run(() => call('kms:CancelKeyDeletion', { KeyId: meta.KeyId }), 'Deletion cancelled; the key is Disabled')}>
              Cancel deletion
            </Button>
          ) : (
            <Button color="red" variant="light" leftSection={<IconKeyOff size={16} />} onClick={() => setScheduling(true)} disabled={busy}>
              Schedule deletion
            </Button>
          )}
        </Group>
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
              <Button type="submit" color="red" loading={busy}>
                Schedule deletion
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </SectionCard>
  );
}

function CostSection({ cost }: { cost: KeyCost | null | undefined }) {
  return (
    <SectionCard title="Cost this month" actions={<Anchor href={routeToHash({ page: 'costs' })} size="xs">All costs</Anchor>}>
      {cost === undefined ? (
        <Text size="sm" c="dimmed">Cost estimate unavailable.</Text>
      ) : cost === null ? (
        <Text size="sm" c="dimmed">No charges for this key this month.</Text>
      ) : (
        <Group gap="xl">
          <div>
            <Text size="xs" c="dimmed">Total</Text>
            <Text size="lg" fw={600}>{formatUsd(cost.TotalUsd)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Storage</Text>
            <Text size="sm">{formatUsd(cost.StorageUsd)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Rotation surcharge</Text>
            <Text size="sm">{formatUsd(cost.RotationUsd)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Requests</Text>
            <Text size="sm">{formatCount(cost.Requests)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Billed hours</Text>
            <Text size="sm">{cost.BilledHours.toFixed(1)}</Text>
          </div>
        </Group>
      )}
    </SectionCard>
  );
}

/** One key: configuration, aliases, tags, rotation, lifecycle and cost. */
export function KeyDetailPage({ keyId }: { keyId: string }) {
  const navigate = useStore((s) => s.navigate);
  const loadKeys = useStore((s) => s.loadKeys);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'missing'>('loading');

  const reload = useCallback(async () => {
    try {
      setDetail(await loadDetail(keyId));
      setStatus('ready');
    } catch {
      setStatus((s) => (s === 'ready' ? s : 'missing'));
    }
  }, [keyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const changed = () => {
    void reload();
    void loadKeys(); // keep the list (and Operations' key picker) in step
  };

  const back = (
    <Anchor href={routeToHash({ page: 'keys' })} size="sm" onClick={(e) => { e.preventDefault(); navigate({ page: 'keys' }); }}>
      <Group gap={4}>
        <IconArrowLeft size={14} />
        Back to key list
      </Group>
    </Anchor>
  );

  if (status === 'loading') {
    return (
      <Stack>
        {back}
        <Group><Loader size="sm" /><Text size="sm" c="dimmed">Loading key…</Text></Group>
      </Stack>
    );
  }
  if (status === 'missing' || !detail) {
    return (
      <Stack>
        {back}
        <EmptyState title="Key not found" description={`No key with ID or alias ${keyId} in this vault. It may have been deleted.`} icon={<IconKeyOff size={28} />} withIndicatorBackground>
          <EmptyState.Actions>
            <Button onClick={() => navigate({ page: 'keys' })}>Back to keys</Button>
          </EmptyState.Actions>
        </EmptyState>
      </Stack>
    );
  }

  const { meta } = detail;
  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={2} size="h3" {...(detail.aliases[0] ? {} : { ff: 'monospace' as const })}>
            {detail.aliases[0] ?? meta.KeyId}
          </Title>
          <StateBadge state={meta.KeyState} size="lg" />
        </Group>
        <Text size="sm" c="dimmed" ff="monospace">
          {meta.KeyId}
        </Text>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            <ConfigurationSection detail={detail} onChanged={changed} />
            <AliasesSection detail={detail} onChanged={changed} />
            <TagsSection detail={detail} onChanged={changed} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            {CATALOGUE[meta.KeySpec].hasPublicKey ? <PublicKeySection meta={meta} name={detail.aliases[0] ?? meta.KeyId} /> : null}
            <LifecycleSection detail={detail} onChanged={changed} />
            <RotationSection detail={detail} onChanged={changed} />
            <CostSection cost={detail.cost} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
