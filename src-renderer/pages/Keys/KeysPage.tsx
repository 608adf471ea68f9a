import {
  Badge, Button, EmptyState, Group, ScrollArea, SegmentedControl, Select, Table, Text, Tooltip,
} from '@mantine/core';
import { IconKey, IconPlus, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { KEY_STATES, type KeyState } from '../../../src-shared/kms/enums';
import { SearchInput } from '../../components/Filters';
import { IdText } from '../../components/IdText';
import { KeyTypeBadge } from '../../components/KeyTypeBadge';
import { ListPanel } from '../../components/ListPanel';
import { PageHeader } from '../../components/PageHeader';
import { StateBadge } from '../../components/StateBadge';
import { formatDate, formatDateTime } from '../../lib/format';
import { filterKeys, type KeyRow } from '../../lib/keys';
import { useStore } from '../../stores/store';
import { CreateKeyModal } from './CreateKeyModal';

function RotationCell({ row }: { row: KeyRow }) {
  if (!row.rotation) return <Text size="sm" c="dimmed">—</Text>;
  if (!row.rotation.KeyRotationEnabled) {
    return (
      <Badge variant="outline" color="gray" radius="sm">
        Off
      </Badge>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Badge variant="light" color="indigo" radius="sm">
        On
      </Badge>
      <Tooltip label={`Every ${row.rotation.RotationPeriodInDays ?? 365} days`}>
        <Text size="xs" c="dimmed">
          next {formatDate(row.rotation.NextRotationDate)}
        </Text>
      </Tooltip>
    </Group>
  );
}

const STATE_OPTIONS = KEY_STATES.map((s) => ({ value: s, label: s }));

/**
 * Which keys the page lists, as the AWS KMS console separates them: customer managed keys
 * (yours to change) and AWS managed keys (alias/aws/*, created on first use, managed by AWS:
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key).
 */
type KeyManagerTab = 'CUSTOMER' | 'AWS';
const TAB_OPTIONS = [
  { value: 'CUSTOMER', label: 'Customer managed keys' },
  { value: 'AWS', label: 'AWS managed keys' },
];
const TAB_DESCRIPTION: Record<KeyManagerTab, string> = {
  CUSTOMER: 'Customer managed keys in this vault. Click a key for its configuration, aliases, tags, rotation and lifecycle.',
  AWS: 'AWS managed keys: the default keys behind alias/aws/* (alias/aws/s3, alias/aws/ssm…), created the first time a call names the alias. AWS manages them: they rotate every year, cost no monthly fee, and cannot be changed.',
};

export function KeysPage() {
  const { rows, loading, loaded, filters, setSearch, setStateFilter, loadKeys, navigate } = useStore(
    useShallow((s) => ({
      rows: s.keyRows, loading: s.keysLoading, loaded: s.keysLoaded, filters: s.keyFilters,
      setSearch: s.setKeySearch, setStateFilter: s.setKeyStateFilter, loadKeys: s.loadKeys, navigate: s.navigate,
    })),
  );
  const [creating, setCreating] = useState(false);
  const [tab, setTab] = useState<KeyManagerTab>('CUSTOMER');

  useEffect(() => {
    void loadKeys(); // always refresh on entry: state may have changed (scheduler, other pages)
  }, [loadKeys]);

  const tabRows = useMemo(() => rows.filter((r) => (r.meta.KeyManager === 'AWS') === (tab === 'AWS')), [rows, tab]);
  const visible = useMemo(() => filterKeys(tabRows, filters), [tabRows, filters]);
  const noun = tab === 'AWS' ? 'AWS managed key' : 'key';
  const filtered = filters.search.trim() !== '' || filters.state !== null;

  return (
    <>
      <PageHeader
        title="Keys"
        description={TAB_DESCRIPTION[tab]}
        actions={
          <>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void loadKeys()} loading={loading && loaded}>
              Refresh
            </Button>
            {tab === 'CUSTOMER' ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                Create key
              </Button>
            ) : null}
          </>
        }
      />
      <SegmentedControl
        mb="sm"
        aria-label="Key manager"
        data={TAB_OPTIONS}
        value={tab}
        onChange={(v) => setTab(v === 'AWS' ? 'AWS' : 'CUSTOMER')}
      />
      <Group mb="sm" gap="sm" align="flex-end">
        <SearchInput label="Search keys" placeholder="Alias, key ID, description or tag" value={filters.search} onChange={setSearch} w={360} />
        <Select
          label="State"
          placeholder="All states"
          data={STATE_OPTIONS}
          value={filters.state}
          onChange={(v) => setStateFilter(v as KeyState | null)} // options are KEY_STATES values
          clearable
          w={200}
        />
        <Text size="sm" c="dimmed" ml="auto">
          {loaded && tabRows.length > 0 ? `${visible.length} of ${tabRows.length} ${noun}${tabRows.length === 1 ? '' : 's'}` : ''}
        </Text>
      </Group>
      <ListPanel
        loading={!loaded && loading}
        loadingLabel="Loading keys…"
        empty={tabRows.length === 0 && tab === 'AWS' ? (
          <EmptyState
            py={48}
            icon={<IconKey size={28} />}
            withIndicatorBackground
            title="No AWS managed keys yet"
            description="An AWS managed key is created the first time a call names its predefined alias, as AWS services do: for example DescribeKey or Encrypt with KeyId alias/aws/s3."
          />
        ) : tabRows.length === 0 ? (
          <EmptyState
            py={48}
            icon={<IconKey size={28} />}
            withIndicatorBackground
            title="No keys yet"
            description="Create a key: symmetric for encryption and data keys, asymmetric to sign or agree on secrets, HMAC for MACs, or post-quantum."
          >
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                Create your first key
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : visible.length === 0 ? (
          <EmptyState
            py={40}
            icon={<IconSearch size={24} />}
            title="No keys match"
            description={filtered ? 'Change the search text or clear the State filter.' : undefined}
          >
            <EmptyState.Actions>
              <Button variant="default" onClick={() => { setSearch(''); setStateFilter(null); }}>
                Clear filters
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : null}
      >
        <ScrollArea>
          <Table highlightOnHover striped={false} miw={900} aria-label="Keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Alias</Table.Th>
                <Table.Th>Key ID</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Rotation</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visible.map((row) => (
                <Table.Tr
                  key={row.meta.KeyId}
                  className="kw-row-clickable"
                  onClick={() => navigate({ page: 'key', keyId: row.meta.KeyId })}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') navigate({ page: 'key', keyId: row.meta.KeyId });
                  }}
                  data-key-id={row.meta.KeyId}
                >
                  <Table.Td>
                    {row.aliases.length ? (
                      <Text size="sm" fw={500}>
                        {row.aliases[0]}
                        {row.aliases.length > 1 ? (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            +{row.aliases.length - 1}
                          </Text>
                        ) : null}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                    {row.meta.Description ? (
                      <Text size="xs" c="dimmed" lineClamp={1} maw={280}>
                        {row.meta.Description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <IdText value={row.meta.KeyId} label="key ID" size="xs" />
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={row.meta.KeyState} />
                    {row.meta.KeyState === 'PendingDeletion' && row.meta.DeletionDate ? (
                      <Text size="xs" c="red">
                        deletes {formatDate(row.meta.DeletionDate)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <KeyTypeBadge spec={row.meta.KeySpec} usage={row.meta.KeyUsage} />
                    <Text size="xs" ff="monospace" c="dimmed" mt={2}>
                      {row.meta.KeySpec}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(row.meta.CreationDate)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RotationCell row={row} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </ListPanel>
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(keyId) => {
          setCreating(false);
          void loadKeys();
          navigate({ page: 'key', keyId });
        }}
      />
    </>
  );
}
