import { Card, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface SectionCardProps {
  title: ReactNode;
  /** Controls on the right of the title. */
  actions?: ReactNode;
  children: ReactNode;
}

/** A bordered card with a small section title, used for grouped settings and details. */
export function SectionCard({ title, actions, children }: SectionCardProps) {
  return (
    <Card withBorder radius="md" padding="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Text fw={600} size="sm" tt="uppercase" c="dimmed" component="h3" m={0} style={{ letterSpacing: 0.4 }}>
          {title}
        </Text>
        {actions}
      </Group>
      {children}
    </Card>
  );
}
