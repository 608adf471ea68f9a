import { Group, Loader, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface ListPanelProps {
  /** The first load is under way (nothing to show yet). */
  loading: boolean;
  /** What is loading, e.g. "Loading keys…". */
  loadingLabel: string;
  /** Shown instead of the list when set (no records, nothing matches). */
  empty: ReactNode;
  /** The list. */
  children: ReactNode;
}

/** The bordered panel of a list page: a spinner on first load, else the empty state or the list. */
export function ListPanel({ loading, loadingLabel, empty, children }: ListPanelProps) {
  return (
    <Paper withBorder radius="md">
      {loading ? (
        <Group justify="center" p="xl">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {loadingLabel}
          </Text>
        </Group>
      ) : (
        empty ?? children
      )}
    </Paper>
  );
}
