/** Pieces the Operations tabs share: output fields, secret reveal, context rows, key lookup. */
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconEyeOff, IconKey } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { CopyValue } from '../../components/CopyValue';
import { findKeyRow } from '../../lib/keys';
import { newRow, optionalContext, rowsToRecord, type KeyValueRow } from '../../lib/keyValue';
import { useStore } from '../../stores/store';

export function Output({ label, value, copyLabel, minRows = 3, children }: { label: string; value: string; copyLabel: string; minRows?: number; children?: ReactNode }) {
  return (
    <Stack gap={4}>
      <Textarea
        label={
          <Group gap={6} component="span">
            <span>{label}</span>
            <CopyValue value={value} label={copyLabel} />
          </Group>
        }
        value={value}
        readOnly
        autosize
        minRows={minRows}
        maxRows={10}
        className="kw-mono-area"
        styles={{ label: { display: 'flex', alignItems: 'center' } }}
      />
      {children}
    </Stack>
  );
}

export interface SecretRevealProps {
  /** Alert title, e.g. "Plaintext data key: shown once". */
  title: string;
  /** The secret as text (base64 or PEM). */
  value: string;
  /** Accessible name of the text and the copy button. */
  label: string;
  testId?: string;
  /** Multi-line PEM: keep line breaks. */
  pre?: boolean;
  onHide(): void;
}

/** A secret the user asked for, shown once with Copy and Hide (then gone from the app). */
export function SecretReveal({ title, value, label, testId, pre = false, onHide }: SecretRevealProps) {
  return (
    <Alert color="orange" variant="light" title={title} icon={<IconKey size={18} />} role="status">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Text
            ff="monospace"
            size={pre ? 'xs' : 'sm'}
            style={pre ? { whiteSpace: 'pre', overflowX: 'auto', maxHeight: 260, overflowY: 'auto' } : { wordBreak: 'break-all' }}
            aria-label={label}
            data-testid={testId}
          >
            {value}
          </Text>
          <CopyValue value={value} label={label.toLowerCase()} />
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="default" leftSection={<IconEyeOff size={14} />} onClick={onHide}>
            Hide
          </Button>
          <Text size="xs" c="dimmed">
            Copy it now: after Hide (or leaving this page) it is gone from the app.
          </Text>
        </Group>
      </Stack>
    </Alert>
  );
}

export function useContextRows() {
  const [rows, setRows] = useState<KeyValueRow[]>([newRow()]);
  const [error, setError] = useState<string | null>(null);
  /** Validated map, or undefined after showing the error. */
  const read = (): Record<string, string> | undefined | false => {
    const r = rowsToRecord(rows, { keyLabel: 'Context key' });
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(null);
    return optionalContext(r.value);
  };
  return { rows, setRows, error, read };
}

export const CONTEXT_HELP = 'Optional non-secret key/value pairs bound to the ciphertext; the same pairs must be given to decrypt.';

/** The metadata of the key a picker value (alias or id) stands for, from the key list. */
export function useKeyMeta(value: string | null): KeyMetadata | undefined {
  const rows = useStore((s) => s.keyRows);
  return findKeyRow(rows, value)?.meta;
}
