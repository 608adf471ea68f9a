/** Pieces the Operations tabs share: output fields, secret reveal, verdicts, algorithm choice, context rows, key lookup. */
import { Alert, Badge, Button, Group, Select, Stack, Switch, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconEyeOff, IconKey } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { KeyMetadata } from '../../../src-shared/kms/types';
import { CopyTextarea } from '../../components/CopyTextarea';
import { CopyValue } from '../../components/CopyValue';
import { findKeyRow } from '../../lib/keys';
import { newRow, optionalContext, rowsToRecord, type KeyValueRow } from '../../lib/keyValue';
import { useStore } from '../../stores/store';

export function Output({ label, value, copyLabel, minRows = 3, children }: { label: string; value: string; copyLabel: string; minRows?: number; children?: ReactNode }) {
  return (
    <Stack gap={4}>
      <CopyTextarea label={label} value={value} copyLabel={copyLabel} copyWhenEmpty readOnly minRows={minRows} maxRows={10} />
      {children}
    </Stack>
  );
}

export interface SecretRevealProps {
  /** Alert title, e.g. "Plaintext data key: shown once". */
  title: string;
  /** The secret as text (base64 or PEM); null once hidden (nothing is shown). */
  value: string | null;
  /** Accessible name of the text and the copy button. */
  label: string;
  testId?: string;
  /** Multi-line PEM: keep line breaks. */
  pre?: boolean;
  onHide(): void;
}

/** A secret the user asked for, shown once with Copy and Hide (then gone from the app). */
export function SecretReveal({ title, value, label, testId, pre = false, onHide }: SecretRevealProps) {
  if (value === null) return null;
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

export interface Verdict {
  valid: boolean;
  text: string;
}

/** The answer of a Verify or VerifyMac call: valid, or invalid with the KMS exception that says so. */
export function VerdictAlert({ verdict, subject, exception, testId }: { verdict: Verdict; subject: string; exception: string; testId: string }) {
  return (
    <Alert
      color={verdict.valid ? 'teal' : 'red'}
      variant="light"
      icon={verdict.valid ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
      title={verdict.valid ? `${subject} valid` : `${subject} invalid`}
      data-testid={testId}
      role="status"
    >
      <Stack gap={4} align="flex-start">
        {verdict.valid ? null : <Badge color="red" variant="outline" radius="sm" tt="none">{exception}</Badge>}
        <Text size="sm">{verdict.text}</Text>
      </Stack>
    </Alert>
  );
}

/**
 * Whether both sides of a key exchange hold the same secret (a test peer's ECDH, or
 * Decapsulate against the last Encapsulate); a mismatch is shown in `mismatchColor`.
 */
export function MatchAlert({ matches, title, mismatchColor, children }: { matches: boolean; title: string; mismatchColor: 'red' | 'orange'; children: ReactNode }) {
  return (
    <Alert
      role="status"
      variant="light"
      color={matches ? 'teal' : mismatchColor}
      icon={matches || mismatchColor === 'orange' ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
      title={title}
    >
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

/**
 * The algorithm chosen among those the selected key allows: kept while the key still allows it,
 * otherwise `preferred` (when allowed) or the first one.
 */
export function useAlgorithmChoice<T extends string>(algorithms: readonly T[], preferred?: T) {
  const [algorithm, setAlgorithm] = useState<T | null>(null);
  const algKey = algorithms.join(',');
  useEffect(() => {
    setAlgorithm((current) =>
      current && algorithms.includes(current) ? current : preferred !== undefined && algorithms.includes(preferred) ? preferred : algorithms[0] ?? null,
    );
    // `algKey` stands for `algorithms` (a new array each render)
  }, [algKey]);
  return [algorithm, setAlgorithm] as const;
}

export interface AlgorithmSelectProps<T extends string> {
  label: string;
  description?: string;
  placeholder?: string | undefined;
  algorithms: T[];
  value: T | null;
  /** Inferred from `algorithms` only, so a state setter of the same type fits. */
  onChange(value: NoInfer<T> | null): void;
  w: number;
}

/** A select of the algorithms a key allows (disabled while there are none). */
export function AlgorithmSelect<T extends string>({ label, description, placeholder, algorithms, value, onChange, w }: AlgorithmSelectProps<T>) {
  return (
    <Select
      label={label}
      description={description}
      data={algorithms}
      value={value}
      onChange={(v) => onChange(algorithms.find((a) => a === v) ?? null)}
      allowDeselect={false}
      disabled={algorithms.length === 0}
      placeholder={placeholder}
      w={w}
      classNames={{ input: 'kw-mono' }}
    />
  );
}

/** The "Without plaintext" switch of the GenerateDataKey(Pair) tabs. */
export function WithoutPlaintextSwitch({ description, checked, onChange }: { description: string; checked: boolean; onChange(checked: boolean): void }) {
  return <Switch label="Without plaintext" description={description} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />;
}

/** The EncryptionContext request member, or nothing when there is no context. */
export function contextParam(context: Record<string, string> | undefined): { EncryptionContext?: Record<string, string> } {
  return context ? { EncryptionContext: context } : {};
}
