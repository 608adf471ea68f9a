import { Anchor, Group, Text } from '@mantine/core';
import type { KeyCost } from '../../../src-shared/app';
import { SectionCard } from '../../components/SectionCard';
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
          <div>
            <Text size="xs" c="dimmed">Total</Text>
            <Text size="lg" fw={600}>{formatUsd(cost.TotalUsd)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Storage</Text>
            <Text size="sm">{formatUsd(cost.StorageUsd)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Rotation surcharge</Text>
            <Text size="sm">{formatUsd(cost.RotationUsd)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Requests</Text>
            <Text size="sm">{formatCount(cost.Requests)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">Billed hours</Text>
            <Text size="sm">{cost.BilledHours.toFixed(1)}</Text>
          </div>
        </Group>
      )}
    </SectionCard>
  );
}
