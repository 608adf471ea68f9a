import { Anchor, Group, Text } from '@mantine/core';
import type { KeyCost } from '../../../src-shared/app';
import { SectionCard } from '../../components/SectionCard';
import { Stat } from '../../components/Stat';
import { formatCount, formatUsd } from '../../lib/format';
import { routeToHash } from '../../lib/route';

/** This month's estimated cost of the key: undefined when unavailable, null when nothing is charged. */
export function CostSection({ cost }: { cost: KeyCost | null | undefined }) {
  return (
    <SectionCard title="Cost this month" actions={<Anchor href={routeToHash({ page: 'costs' })} size="xs">All costs</Anchor>}>
      {cost === undefined ? (
        <Text size="sm" c="dimmed">Cost estimate unavailable.</Text>
      ) : cost === null ? (
        <Text size="sm" c="dimmed">No charges for this key this month.</Text>
      ) : (
        <Group gap="xl">
          <Stat label="Total" size="lg" fw={600}>{formatUsd(cost.TotalUsd)}</Stat>
          <Stat label="Storage">{formatUsd(cost.StorageUsd)}</Stat>
          <Stat label="Rotation surcharge">{formatUsd(cost.RotationUsd)}</Stat>
          <Stat label="Requests">{formatCount(cost.Requests)}</Stat>
          <Stat label="Billed hours">{cost.BilledHours.toFixed(1)}</Stat>
        </Group>
      )}
    </SectionCard>
  );
}
