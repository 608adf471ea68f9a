import { Text, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';

export interface StatProps {
  /** Small dimmed caption above the value. */
  label: string;
  children: ReactNode;
  /** Size of the value. @default 'sm' */
  size?: MantineSize;
  /** Weight of the value; normal when unset. */
  fw?: number;
}

/** One figure with its caption, for rows of figures (cost, next rotation). */
export function Stat({ label, children, size = 'sm', fw }: StatProps) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size={size} {...(fw === undefined ? {} : { fw })}>{children}</Text>
    </div>
  );
}
