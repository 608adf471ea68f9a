import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { SecretTextarea } from '../../components/SecretField';
import { useEffect, useState, type ReactNode } from 'react';
import { CATALOGUE, SIGNING_ALGORITHM_INFO, algorithmsFor } from '../../../src-shared/kms/catalogue';
import { LIMITS } from '../../../src-shared/kms/enums';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { call, notifySuccess } from '../../api/call';
import { IdText } from '../../components/IdText';
import { KeyTypeBadge } from '../../components/KeyTypeBadge';
import { SectionCard } from '../../components/SectionCard';
import { StateBadge } from '../../components/StateBadge';
import { useAction } from '../../hooks/useAction';
import { formatDateTime } from '../../lib/format';
import { AwsManagedNote, isAwsManaged } from './awsManaged';
import type { SectionProps } from './useKeyDetail';

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

/** The key's metadata (DescribeKey) and its editable description (UpdateKeyDescription). */
export function ConfigurationSection({ detail, onChanged }: SectionProps) {
  const { meta } = detail;
  const locked = isAwsManaged(meta);
  const [description, setDescription] = useState(meta.Description);
  const { busy, run } = useAction<'save'>();
  useEffect(() => setDescription(meta.Description), [meta.Description]);
  const save = async () => {
    const ok = await run('save', () => call('kms:UpdateKeyDescription', { KeyId: meta.KeyId, Description: description }));
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
            <Group gap={6}>
              <Text size="sm" ff="monospace">{meta.KeyManager}</Text>
              <Text size="xs" c="dimmed">{locked ? 'AWS managed key' : 'customer managed key'}</Text>
            </Group>
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
        <SecretTextarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={LIMITS.descriptionMax}
          placeholder="No description. Say what this key protects."
          readOnly={locked}
        />
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={() => void save()} loading={busy !== null} disabled={locked || description === meta.Description}>
            Save description
          </Button>
        </Group>
        <AwsManagedNote meta={meta} />
      </Stack>
    </SectionCard>
  );
}
