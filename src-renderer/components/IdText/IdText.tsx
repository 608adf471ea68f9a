import { Group, Text, type TextProps } from '@mantine/core';
import { CopyValue } from '../CopyValue';

export interface IdTextProps extends TextProps {
  /** The identifier (key id, ARN, hash). */
  value: string;
  /** Accessible name of the copy button: "Copy <label>". @default 'ID' */
  label?: string;
  /** Truncate with an ellipsis instead of wrapping. @default false */
  truncate?: boolean;
}

/** An identifier in monospace with a copy button. */
export function IdText({ value, label = 'ID', truncate = false, size = 'sm', ...rest }: IdTextProps) {
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      <Text ff="monospace" size={size} {...(truncate ? { truncate: 'end' as const } : {})} style={truncate ? undefined : { wordBreak: 'break-all' }} title={value} {...rest}>
        {value}
      </Text>
      <CopyValue value={value} label={label} />
    </Group>
  );
}
