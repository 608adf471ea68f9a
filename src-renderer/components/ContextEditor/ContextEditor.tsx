import { ActionIcon, Button, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { newRow, type KeyValueRow } from '../../lib/keyValue';

export interface ContextEditorProps {
  /** @default 'Encryption context' */
  label?: string;
  description?: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  /** Validation message shown under the rows. */
  error?: string | null | undefined;
  /** Accessible names of the inputs: "<keyLabel> 1", "<valueLabel> 1". @default 'Context key' / 'Context value' */
  keyLabel?: string;
  valueLabel?: string;
  /** @default 'Add pair' */
  addLabel?: string;
  disabled?: boolean;
}

/** The two inputs of a row, in order. */
const FIELDS = ['key', 'value'] as const;

/**
 * Key/value rows (encryption context, tags). The parent keeps the rows and turns them into
 * a map with `rowsToRecord` (lib/keyValue), which validates empty and duplicate keys.
 */
export function ContextEditor({
  label = 'Encryption context', description, rows, onChange, error, keyLabel = 'Context key',
  valueLabel = 'Context value', addLabel = 'Add pair', disabled = false,
}: ContextEditorProps) {
  const update = (id: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <Input.Wrapper label={label} description={description} error={error ?? null} component="fieldset" styles={{ root: { border: 0, padding: 0, margin: 0, minWidth: 0 } }}>
      <Stack gap={6} mt={4}>
        {rows.map((row, i) => (
          <Group key={row.id} gap={6} wrap="nowrap">
            {FIELDS.map((field) => (
              <TextInput
                key={field}
                aria-label={`${field === 'key' ? keyLabel : valueLabel} ${i + 1}`}
                placeholder={field}
                value={row[field]}
                onChange={(e) => update(row.id, { [field]: e.currentTarget.value })}
                disabled={disabled}
                size="sm"
                style={{ flex: 1 }}
                classNames={{ input: 'kw-mono' }}
              />
            ))}
            <ActionIcon
              aria-label={`Remove row ${i + 1}`}
              variant="subtle"
              color="gray"
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              disabled={disabled}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, newRow()])} disabled={disabled}>
            {addLabel}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
