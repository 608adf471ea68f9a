import { Group, type TextareaProps } from '@mantine/core';
import { SecretTextarea } from '../SecretField';
import { CopyValue } from '../CopyValue';

export interface CopyTextareaProps extends Omit<TextareaProps, 'label' | 'value' | 'styles' | 'autosize' | 'className' | 'autoComplete' | 'spellCheck' | 'autoCorrect' | 'autoCapitalize'> {
  /** Field label; the copy button sits after it. */
  label: string;
  value: string;
  /** What is copied, for the copy button's accessible name: "Copy <copyLabel>". */
  copyLabel: string;
  /** Show the copy button while the value is empty too (read-only results). @default false */
  copyWhenEmpty?: boolean;
}

/** A monospace, auto-sizing text area with a copy button in its label; a SecretTextarea, so the browser keeps nothing of it. */
export function CopyTextarea({ label, value, copyLabel, copyWhenEmpty = false, ...rest }: CopyTextareaProps) {
  return (
    <SecretTextarea
      label={
        <Group gap={6} component="span">
          <span>{label}</span>
          {copyWhenEmpty || value !== '' ? <CopyValue value={value} label={copyLabel} /> : null}
        </Group>
      }
      styles={{ label: { display: 'flex', alignItems: 'center' } }}
      value={value}
      autosize
      className="kw-mono-area"
      {...rest}
    />
  );
}
