import { Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { CopyTextarea } from '../CopyTextarea';
import { downloadText } from './download';

export interface PemBlockProps {
  /** Field label, e.g. "Public key (PEM)". */
  label: string;
  pem: string;
  /** File name offered by "Download PEM". */
  fileName: string;
  /** What is copied, for the copy button's accessible name. @default 'PEM' */
  copyLabel?: string;
  /** Extra controls after Download (e.g. Hide for a private key). */
  actions?: ReactNode;
  children?: ReactNode;
}

/** A PEM block, read-only, with Copy and Download PEM. */
export function PemBlock({ label, pem, fileName, copyLabel = 'PEM', actions, children }: PemBlockProps) {
  return (
    <Stack gap={6}>
      <CopyTextarea label={label} value={pem} copyLabel={copyLabel} copyWhenEmpty readOnly minRows={4} maxRows={14} />
      <Group gap="xs">
        <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={() => downloadText(fileName, pem)}>
          Download PEM
        </Button>
        {actions}
        <Text size="xs" c="dimmed">{fileName}</Text>
      </Group>
      {children}
    </Stack>
  );
}
