import {
  Alert, Anchor, Badge, Button, EmptyState, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCalendarOff, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ScheduledEvent, SchedulerWaiting } from '../../../src-shared/app';
import { call } from '../../api/call';
import { PageHeader } from '../../components/PageHeader';
import { daysUntil, formatDate, formatDateTime, monthLabel } from '../../lib/format';
import { routeToHash } from '../../lib/route';
import { groupByMonth } from '../../lib/schedule';
import { useStore } from '../../stores/store';

const HORIZONS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];

function KindBadge({ kind }: { kind: ScheduledEvent['kind'] }) {
  return kind === 'rotation' ? (
    <Badge color="indigo" variant="light" radius="sm" miw="max-content">Rotation</Badge>
  ) : (
    <Badge color="red" variant="light" radius="sm" miw="max-content">Deletion</Badge>
  );
}

/** Upcoming automatic rotations and scheduled deletions, grouped by month. */
export function SchedulePage() {
  const navigate = useStore((s) => s.navigate);
  const clock = useStore((s) => s.clock);
  const [days, setDays] = useState('365');
  const [events, setEvents] = useState<ScheduledEvent[] | null>(null);
  const [waiting, setWaiting] = useState<SchedulerWaiting | undefined>(undefined);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await call('schedule:upcoming', { Days: Number(days) });
      setEvents(res.Events);
      setWaiting(res.Waiting);
    } catch {
      // notified by call()
    } finally {
      setLoading(false);
    }
  }, [days]);

  useEffect(() => {
    void load();
  }, [load]);

  const groups = useMemo(() => groupByMonth(events ?? []), [events]);
  const now = clock?.Now ?? new Date();
  const horizonLabel = HORIZONS.find((h) => h.value === days)?.label ?? `${days} days`;

  return (
    <>
      <PageHeader
        title="Rotation schedule"
        description="Automatic rotations and key deletions that fall due, by month. The scheduler runs them on time (and catches up after the app was closed)."
        actions={
          <>
            <SegmentedControl data={HORIZONS} value={days} onChange={setDays} aria-label="Horizon" />
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void load()} loading={loading && events !== null}>
              Refresh
            </Button>
          </>
        }
      />
      {waiting && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Scheduled actions are waiting" mb="md" role="alert">
          Due rotations and deletions are applied only together with their audit record, and the audit log cannot be
          written ({waiting.Reason}). Nothing has been applied. Waiting since {formatDateTime(waiting.Since)}; next
          attempt {formatDateTime(waiting.RetryAt)} (attempt {waiting.Attempts + 1}).
        </Alert>
      )}
      {events === null ? (
        <Group p="xl" justify="center">{loading ? <><Loader size="sm" /><Text size="sm" c="dimmed">Loading schedule…</Text></> : <Text size="sm" c="dimmed">Schedule unavailable.</Text>}</Group>
      ) : groups.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            py={48}
            icon={<IconCalendarOff size={28} />}
            withIndicatorBackground
            title={`Nothing scheduled in the next ${horizonLabel}`}
            description="Turn on automatic rotation for a key (Keys → a key → Rotation) or schedule a deletion, and it shows up here."
          >
            <EmptyState.Actions>
              <Button variant="default" onClick={() => navigate({ page: 'keys' })}>Go to Keys</Button>
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      ) : (
        <Stack gap="lg">
          {groups.map((g) => (
            <Paper key={g.month} withBorder radius="md" p="md">
              <Group justify="space-between" mb="xs">
                <Title order={3} size="h5">{monthLabel(g.month)}</Title>
                <Group gap="xs">
                  {g.rotations ? <Badge color="indigo" variant="outline" radius="sm">{g.rotations} rotation{g.rotations === 1 ? '' : 's'}</Badge> : null}
                  {g.deletions ? <Badge color="red" variant="outline" radius="sm">{g.deletions} deletion{g.deletions === 1 ? '' : 's'}</Badge> : null}
                </Group>
              </Group>
              <Table verticalSpacing={6} aria-label={`Events in ${monthLabel(g.month)}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={170}>Date</Table.Th>
                    <Table.Th w={110}>Kind</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th w={110} ta="right">In</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {g.events.map((e) => {
                    const d = daysUntil(e.Date, now);
                    return (
                      <Table.Tr key={`${e.kind}-${e.KeyId}-${e.Date.getTime()}`}>
                        <Table.Td title={formatDateTime(e.Date)}>{formatDate(e.Date)}</Table.Td>
                        <Table.Td><KindBadge kind={e.kind} /></Table.Td>
                        <Table.Td>
                          <Anchor
                            href={routeToHash({ page: 'key', keyId: e.KeyId })}
                            onClick={(ev) => { ev.preventDefault(); navigate({ page: 'key', keyId: e.KeyId }); }}
                            size="sm"
                          >
                            {e.Aliases[0] ?? <Text span ff="monospace" size="sm">{e.KeyId}</Text>}
                          </Anchor>
                          {e.Aliases[0] ? <Text span size="xs" c="dimmed" ff="monospace" ml="xs">{e.KeyId}</Text> : null}
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm" c={d <= 7 ? (e.kind === 'deletion' ? 'red' : 'orange') : 'dimmed'}>
                            {d <= 0 ? 'due' : `${d} day${d === 1 ? '' : 's'}`}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
        </Stack>
      )}
    </>
  );
}
