import {
  Anchor, Button, Card, EmptyState, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text,
} from '@mantine/core';
import { IconCoin, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { CostEstimate } from '../../../src-shared/app';
import { call } from '../../api/call';
import { PageHeader } from '../../components/PageHeader';
import { freeTierUsage } from '../../lib/cost';
import { formatCount, formatDateTime, formatUsd, monthLabel } from '../../lib/format';
import { routeToHash } from '../../lib/route';
import { useStore } from '../../stores/store';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>{label}</Text>
      <Text size="xl" fw={700} mt={4}>{value}</Text>
      {hint ? <Text size="xs" c="dimmed" mt={2}>{hint}</Text> : null}
    </Card>
  );
}

/** What these keys would cost in AWS KMS this month, from the pricing profile. */
export function CostsPage() {
  const navigate = useStore((s) => s.navigate);
  const [est, setEst] = useState<CostEstimate | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setEst(await call('cost:estimate', {}));
    } catch {
      // notified by call()
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const refresh = (
    <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void load()} loading={loading && est !== null}>
      Refresh
    </Button>
  );

  if (!est) {
    return (
      <>
        <PageHeader title="Costs" actions={refresh} />
        <Group p="xl" justify="center">{loading ? <><Loader size="sm" /><Text size="sm" c="dimmed">Estimating…</Text></> : <Text size="sm" c="dimmed">Cost estimate unavailable.</Text>}</Group>
      </>
    );
  }

  const free = freeTierUsage(est);
  const keys = [...est.Keys].sort((a, b) => b.TotalUsd - a.TotalUsd);
  return (
    <>
      <PageHeader
        title="Costs"
        description={`Estimated AWS KMS charges for ${monthLabel(est.Month)} if these keys lived in AWS, as of ${formatDateTime(est.AsOf)}.`}
        actions={refresh}
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Stat label="Total this month" value={formatUsd(est.TotalUsd)} />
          <Stat label="Key storage" value={formatUsd(est.StorageUsd)} hint="Per key-month, prorated by the hour" />
          <Stat label="Rotation surcharge" value={formatUsd(est.RotationUsd)} hint="Extra key material versions" />
          <Stat label="Requests" value={formatUsd(est.RequestsUsd)} hint={`${formatCount(est.BilledRequests)} billed of ${formatCount(est.Requests)}`} />
        </SimpleGrid>
        <Card withBorder radius="md" padding="md">
          <Group justify="space-between" mb={6}>
            <Text size="sm" fw={600}>Free tier requests</Text>
            <Text size="sm" c="dimmed">
              {formatCount(free.used)} used · {formatCount(free.remaining)} remaining of {formatCount(free.allowance)}
            </Text>
          </Group>
          <Progress
            value={free.percent}
            color={free.percent >= 100 ? 'red' : free.percent >= 80 ? 'orange' : 'teal'}
            size="lg"
            radius="sm"
            aria-label="Free tier requests used"
          />
          <Text size="xs" c="dimmed" mt={6}>
            {formatCount(est.Requests)} API requests this month; {formatCount(est.BilledRequests)} billed beyond the free tier.
          </Text>
        </Card>
        <Paper withBorder radius="md">
          {keys.length === 0 ? (
            <EmptyState py={40} icon={<IconCoin size={26} />} withIndicatorBackground title="No keys billed this month" description="Keys appear here once they exist; keys pending deletion are not billed." />
          ) : (
            <Table highlightOnHover aria-label="Cost per key" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th ta="right">Billed hours</Table.Th>
                  <Table.Th ta="right">Storage</Table.Th>
                  <Table.Th ta="right">Rotation</Table.Th>
                  <Table.Th ta="right">Requests</Table.Th>
                  <Table.Th ta="right">Total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.map((k) => (
                  <Table.Tr key={k.KeyId}>
                    <Table.Td>
                      <Anchor href={routeToHash({ page: 'key', keyId: k.KeyId })} size="sm" onClick={(e) => { e.preventDefault(); navigate({ page: 'key', keyId: k.KeyId }); }}>
                        {k.Aliases[0] ?? <Text span ff="monospace" size="sm">{k.KeyId}</Text>}
                      </Anchor>
                      {k.Aliases[0] ? <Text size="xs" c="dimmed" ff="monospace">{k.KeyId}</Text> : null}
                    </Table.Td>
                    <Table.Td ta="right">{k.BilledHours.toFixed(1)}</Table.Td>
                    <Table.Td ta="right">{formatUsd(k.StorageUsd)}</Table.Td>
                    <Table.Td ta="right">{formatUsd(k.RotationUsd)}</Table.Td>
                    <Table.Td ta="right">{formatCount(k.Requests)}</Table.Td>
                    <Table.Td ta="right" fw={600}>{formatUsd(k.TotalUsd)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Text size="xs" c="dimmed">
          Pricing profile: {est.Profile.name} · source {est.Profile.source} · as of {est.Profile.date}. These are estimates,
          not a bill.
        </Text>
      </Stack>
    </>
  );
}
