import { ActionIcon, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { attempt, call } from '../../api/call';
import { AliasInput } from '../../components/AliasInput';
import { IdText } from '../../components/IdText';
import { SectionCard } from '../../components/SectionCard';
import { useAction } from '../../hooks/useAction';
import { aliasError, fullAliasName } from '../../lib/alias';
import { AwsManagedNote, isAwsManaged } from './awsManaged';
import type { SectionProps } from './useKeyDetail';

/** The key's aliases: add (CreateAlias) and delete (DeleteAlias). */
export function AliasesSection({ detail, onChanged }: SectionProps) {
  const locked = isAwsManaged(detail.meta);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { busy, run } = useAction<'add'>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const err = aliasError(name);
    setError(err);
    if (err) return;
    const ok = await run('add', () => call('kms:CreateAlias', { AliasName: fullAliasName(name), TargetKeyId: detail.meta.KeyId }));
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
                <ActionIcon variant="subtle" color="red" aria-label={`Delete alias ${a}`} disabled={locked} onClick={() => void remove(a)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))
        )}
      </Stack>
      <form onSubmit={(e) => void add(e)} noValidate>
        <Group mt="sm" align="flex-start" gap="xs" wrap="nowrap">
          <AliasInput aria-label="New alias" placeholder="name" value={name} onChange={setName} error={error} disabled={locked} style={{ flex: 1 }} />
          <Button type="submit" variant="default" leftSection={<IconPlus size={14} />} loading={busy !== null} disabled={locked}>
            Add alias
          </Button>
        </Group>
      </form>
      <AwsManagedNote meta={detail.meta} />
    </SectionCard>
  );
}
