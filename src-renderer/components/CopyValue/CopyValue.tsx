import { ActionIcon, CopyButton, Tooltip, type ActionIconProps } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

export interface CopyValueProps extends Omit<ActionIconProps, 'children'> {
  /** Text put on the clipboard. */
  value: string;
  /** What is copied, for the accessible name: "Copy <label>". @default 'value' */
  label?: string;
}

/** Icon button that copies `value` and confirms with a check mark. */
export function CopyValue({ value, label = 'value', size = 'sm', ...rest }: CopyValueProps) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow position="top">
          <ActionIcon
            aria-label={`Copy ${label}`}
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            size={size}
            onClick={(e) => {
              e.stopPropagation(); // inside clickable table rows
              copy();
            }}
            {...rest}
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
