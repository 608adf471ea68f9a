/** The controls the list pages' filter bars share (Keys, Audit log). */
import { SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

export interface SearchInputProps {
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  /** Width in px. */
  w: number;
}

/** A free-text filter with the search icon. */
export function SearchInput({ label, placeholder, value, onChange, w }: SearchInputProps) {
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={w}
    />
  );
}

export interface LabeledSegmentsProps<T extends string> {
  /** Shown above, and the control's accessible name. */
  label: string;
  value: T;
  onChange(value: T): void;
  data: { value: T; label: string }[];
}

/** A segmented choice with a label above it, lined up with the inputs of a filter bar. */
export function LabeledSegments<T extends string>({ label, value, onChange, data }: LabeledSegmentsProps<T>) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>{label}</Text>
      <SegmentedControl<T> aria-label={label} value={value} onChange={onChange} data={data} />
    </Stack>
  );
}
