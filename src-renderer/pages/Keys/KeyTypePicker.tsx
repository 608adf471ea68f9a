import { Badge, Group, Input, Radio, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { KEY_TYPES, normalizeChoice, specOptions, usageOptions, type KeyChoice } from '../../lib/createKey';
import type { KeyType } from '../../lib/keyKind';

export interface KeyTypePickerProps {
  value: KeyChoice;
  onChange(choice: KeyChoice): void;
  disabled?: boolean;
}

/** A step with a single option: the value and what it is for, as text instead of a choice. */
function OnlyChoice({ label, value, summary }: { label: string; value: string; summary: string | undefined }) {
  return (
    <Text size="sm">
      <Text span c="dimmed">{label} </Text>
      <Text span ff="monospace" size="xs">{value}</Text>
      <Text span c="dimmed"> · {summary}</Text>
    </Text>
  );
}

interface ChoiceCardProps {
  value: string;
  /** Accessible name of the card. */
  label: string;
  disabled: boolean;
  /** Shown but not selectable (a spec KMS offers only elsewhere). */
  unavailable?: boolean;
  /** Fill the grid cell, so cards in a row line up. */
  fullHeight?: boolean;
  /** The first line: the choice's name. */
  title: ReactNode;
  /** What the choice is for, dimmed under the title. */
  children: ReactNode;
}

/** One radio card of the usage or spec step. */
function ChoiceCard({ value, label, disabled, unavailable = false, fullHeight = false, title, children }: ChoiceCardProps) {
  return (
    <Radio.Card
      value={value}
      p="xs"
      radius="sm"
      disabled={disabled || unavailable}
      aria-label={label}
      style={unavailable ? { opacity: 0.55, cursor: 'not-allowed' } : undefined}
      {...(fullHeight ? { h: '100%' } : {})}
    >
      <Group gap={8} wrap="nowrap" align="flex-start">
        <Radio.Indicator size="xs" mt={3} disabled={unavailable} />
        <div>
          {title}
          <Text size="xs" c="dimmed">{children}</Text>
        </div>
      </Group>
    </Radio.Card>
  );
}

/**
 * Type → usage → spec, each from the catalogue with its one line on what it is for. Only
 * valid combinations can be chosen; specs KMS offers only elsewhere (SM2) are shown disabled
 * with the reason.
 */
export function KeyTypePicker({ value, onChange, disabled = false }: KeyTypePickerProps) {
  const type = KEY_TYPES.find((t) => t.value === value.type) ?? KEY_TYPES[0]!; // KEY_TYPES is a non-empty literal
  const usages = useMemo(() => usageOptions(value.type), [value.type]);
  const specs = useMemo(() => specOptions(value.type, value.usage), [value.type, value.usage]);
  const set = (patch: Partial<KeyChoice>) => onChange(normalizeChoice({ ...value, ...patch }));

  return (
    <Stack gap="sm">
      <Input.Wrapper label="Key type" description={type.description}>
        <SegmentedControl<KeyType>
          mt={6}
          fullWidth
          data={KEY_TYPES.map((t) => ({ value: t.value, label: t.label }))}
          value={value.type}
          onChange={(v) => set({ type: v })}
          disabled={disabled}
          aria-label="Key type"
        />
      </Input.Wrapper>

      {usages.length > 1 ? (
        <Radio.Group label="Key usage" value={value.usage} onChange={(v) => {
          const u = usages.find((x) => x.value === v);
          if (u) set({ usage: u.value });
        }}>
          <SimpleGrid cols={usages.length} spacing="xs" mt={6}>
            {usages.map((u) => (
              <ChoiceCard key={u.value} value={u.value} label={u.label} disabled={disabled} title={<Text size="sm" fw={500}>{u.label}</Text>}>
                {u.description}
              </ChoiceCard>
            ))}
          </SimpleGrid>
        </Radio.Group>
      ) : (
        <OnlyChoice label="Key usage" value={value.usage} summary={usages[0]?.description} />
      )}

      {specs.length > 1 ? (
        <Radio.Group label="Key spec" value={value.spec} onChange={(v) => {
          const s = specs.find((x) => x.spec === v && x.offered);
          if (s) set({ spec: s.spec });
        }}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt={6}>
            {specs.map((s) => (
              <ChoiceCard
                key={s.spec}
                value={s.spec}
                label={`${s.spec}: ${s.label}`}
                disabled={disabled}
                unavailable={!s.offered}
                fullHeight
                title={
                  <Group gap={6}>
                    <Text size="sm" fw={500}>{s.label}</Text>
                    <Text size="xs" ff="monospace" c="dimmed">{s.spec}</Text>
                    {s.offered ? null : <Badge size="xs" color="gray" variant="outline" tt="none">China Regions only</Badge>}
                  </Group>
                }
              >
                {s.offered ? s.summary : s.notOfferedReason}
              </ChoiceCard>
            ))}
          </SimpleGrid>
        </Radio.Group>
      ) : (
        <OnlyChoice label="Key spec" value={value.spec} summary={specs[0]?.summary} />
      )}
      {specs.length > 1 ? (
        <Text size="xs" c="dimmed" mt={-4}>
          {specs.find((s) => s.spec === value.spec)?.usageSummary}
        </Text>
      ) : null}
    </Stack>
  );
}
