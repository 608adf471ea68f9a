import { Group, Loader, Text } from '@mantine/core';

/** A spinner and what is loading, centred in an empty list ("Loading keys…"). */
export function LoadingRow({ label }: { label: string }) {
  return (
    <Group justify="center" p="xl">
      <Loader size="sm" />
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
