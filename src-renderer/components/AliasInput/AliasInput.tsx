import { Text, TextInput, type TextInputProps } from '@mantine/core';
import { ALIAS_PREFIX } from '../../lib/alias';

export interface AliasInputProps extends Omit<TextInputProps, 'value' | 'onChange' | 'leftSection' | 'leftSectionWidth' | 'classNames'> {
  /** The name after `alias/`. */
  value: string;
  /** The name after `alias/`; a pasted full name loses its prefix. */
  onChange(value: string): void;
}

/** An alias name field with the fixed `alias/` prefix shown in front (CreateAlias AliasName). */
export function AliasInput({ value, onChange, ...rest }: AliasInputProps) {
  return (
    <TextInput
      leftSection={<Text size="sm" c="dimmed" ff="monospace">{ALIAS_PREFIX}</Text>}
      leftSectionWidth={62}
      classNames={{ input: 'kw-mono' }}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/^alias\//, ''))}
      {...rest}
    />
  );
}
