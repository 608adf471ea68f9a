import { ActionIcon, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../src-shared/kms/enums';
import { attempt, call } from '../../api/call';
import { SectionCard } from '../../components/SectionCard';
import { SmallTable } from '../../components/SmallTable';
import { useAction } from '../../hooks/useAction';
import { AwsManagedNote, isAwsManaged } from './awsManaged';
import type { SectionProps } from './useKeyDetail';

/** The key's tags: add (TagResource) and remove (UntagResource). */
export function TagsSection({ detail, onChanged }: SectionProps) {
  const locked = isAwsManaged(detail.meta);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { busy, run } = useAction<'add'>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (key === '') return setError('Enter a tag key');
    if (key.length > LIMITS.tagKeyMax) return setError(`At most ${LIMITS.tagKeyMax} characters`);
    if (value.length > LIMITS.tagValueMax) return setError(`Value: at most ${LIMITS.tagValueMax} characters`);
    setError(null);
    const ok = await run('add', () => call('kms:TagResource', { KeyId: detail.meta.KeyId, Tags: [{ TagKey: key, TagValue: value }] }));
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
        <SmallTable label="Tags" columns={['Key', 'Value', 40]}>
          {detail.tags.map((t) => (
            <Table.Tr key={t.TagKey}>
              <Table.Td ff="monospace">{t.TagKey}</Table.Td>
              <Table.Td ff="monospace">{t.TagValue}</Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="gray" aria-label={`Remove tag ${t.TagKey}`} disabled={locked} onClick={() => void remove(t.TagKey)}>
                  <IconX size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </SmallTable>
      )}
      <form onSubmit={(e) => void add(e)} noValidate>
        <Group mt="sm" gap="xs" align="flex-start" wrap="nowrap">
          <TextInput label="Tag key" value={key} onChange={(e) => setKey(e.currentTarget.value)} error={error} disabled={locked} style={{ flex: 1 }} classNames={{ input: 'kw-mono' }} />
          <TextInput label="Tag value" value={value} onChange={(e) => setValue(e.currentTarget.value)} disabled={locked} style={{ flex: 1 }} classNames={{ input: 'kw-mono' }} />
          <Button type="submit" variant="default" leftSection={<IconPlus size={14} />} loading={busy !== null} disabled={locked} mt={25}>
            Add tag
          </Button>
        </Group>
      </form>
      <AwsManagedNote meta={detail.meta} />
    </SectionCard>
  );
}
