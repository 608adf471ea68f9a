import {
  Alert, Badge, Button, Code, Drawer, EmptyState, Group, Paper, ScrollArea, Select, Stack,
  Table, Text, TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconListSearch, IconShieldCheck } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditRecord, AuditVerifyResult } from '../../../src-shared/audit';
import { KMS_OPERATIONS } from '../../../src-shared/kms/schemas';
import { LabeledSegments, SearchInput } from '../../components/Filters';
import { IdText } from '../../components/IdText';
import { IntegrityAlerts } from '../../components/IntegrityAlerts';
import { ListPanel } from '../../components/ListPanel';
import { PageHeader } from '../../components/PageHeader';
import { formatCount, formatDateTimeSeconds } from '../../lib/format';
import { EMPTY_AUDIT_FILTERS, isFiltered, recordKey, recordUser, type AuditCalls, type AuditOutcome, type AuditSource } from '../../lib/audit';
import { useStore } from '../../stores/store';
import { useVerifyChain, VerifyProgressBar } from './useVerifyChain';
import { AuditBreaks } from './AuditBreaks';

function OutcomeBadge({ r }: { r: AuditRecord }) {
  return r.errorCode ? (
    <Badge color="red" variant="light" radius="sm" tt="none" miw="max-content" title={r.errorMessage}>{r.errorCode}</Badge>
  ) : (
    <Badge color="green" variant="light" radius="sm">Success</Badge>
  );
}

function VerifyResult({ result }: { result: AuditVerifyResult }) {
  const acked = result.acknowledged?.length ?? 0;
  return result.ok ? (
    <Alert color="green" variant="light" icon={<IconShieldCheck size={18} />} title="Audit log intact">
      {formatCount(result.checked)} records checked: every record links to the previous one, keyed records carry a valid MAC
      {result.digests ? `, and ${formatCount(result.digests)} digests of the head match the log and the vault's witness` : ''}.
      {acked > 0 ? ` ${acked} acknowledged break${acked === 1 ? ' was' : 's were'} passed over.` : ''}
      {result.witnessesSkipped?.map((w) => <Text key={w.name} size="xs" c="dimmed" mt={4}>{w.name} witness {w.reason}.</Text>)}
    </Alert>
  ) : (
    <Alert color="red" variant="light" title="Audit log broken">
      Checked {formatCount(result.checked)} records. The first problem is at record #{result.firstBadSeq ?? '?'}
      {result.reason ? `: ${result.reason}` : ''}.
    </Alert>
  );
}

/** CloudTrail-shaped audit records: search, filter, page, inspect, verify the hash chain. */
export function AuditPage() {
  const { filters, setFilters, records, nextCursor, total, loading, loaded, runQuery, loadMore } = useStore(
    useShallow((s) => ({
      filters: s.auditFilters, setFilters: s.setAuditFilters, records: s.auditRecords, nextCursor: s.auditNextCursor, total: s.auditTotal,
      loading: s.auditLoading, loaded: s.auditLoaded, runQuery: s.runAuditQuery, loadMore: s.loadMoreAudit,
    })),
  );
  const integrity = useStore((s) => s.vault?.integrity);
  const [selected, setSelected] = useState<AuditRecord | null>(null);
  const { verify, verifying, progress, runVerify } = useVerifyChain();
  const breaks = useStore((s) => s.vault?.auditBreaks) ?? [];
  const refreshVault = useStore((s) => s.refreshVault);
  // A verify may have stored a break in the vault: show it.
  useEffect(() => {
    if (verify) void refreshVault();
  }, [verify, refreshVault]);

  // Text inputs re-query after a pause; the other filters at once.
  const [debouncedText] = useDebouncedValue(filters.text, 300);
  const [debouncedKey] = useDebouncedValue(filters.keyId, 300);
  useEffect(() => {
    void runQuery();
  }, [runQuery, debouncedText, debouncedKey, filters.eventName, filters.outcome, filters.calls, filters.source, filters.from, filters.to]);

  const eventOptions = useMemo(() => {
    const names = new Set<string>([...KMS_OPERATIONS, ...records.map((r) => r.eventName)]);
    if (filters.eventName) names.add(filters.eventName);
    return [...names].sort();
  }, [records, filters.eventName]);

  const anyFilter = isFiltered(filters);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every API call, success or failure, and every scheduled event, newest first. Records are chained with a key held in the vault, and digests of the head are witnessed by the vault, so tampering is detectable."
        actions={
          <Button variant="default" leftSection={<IconShieldCheck size={16} />} onClick={() => void runVerify()} loading={verifying}>
            Verify chain
          </Button>
        }
      />
      <Stack mb={integrity?.some((p) => p.subject === 'audit') ? 'md' : 0}><IntegrityAlerts problems={integrity} subject="audit" /></Stack>
      <AuditBreaks breaks={breaks} onChanged={() => { void refreshVault(); void runQuery(); }} />
      {verifying ? <VerifyProgressBar progress={progress} /> : null}
      {verify && !verifying ? <Stack mb="md"><VerifyResult result={verify} /></Stack> : null}
      <Paper withBorder radius="md" p="sm" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SearchInput label="Search audit log" placeholder="Any text: event, key, error, request ID" value={filters.text} onChange={(text) => setFilters({ text })} w={280} />
          <Select
            label="Event"
            placeholder="All events"
            data={eventOptions}
            value={filters.eventName}
            onChange={(v) => setFilters({ eventName: v })}
            searchable
            clearable
            w={210}
          />
          <TextInput label="Key" placeholder="Key ID, ARN or alias" value={filters.keyId} onChange={(e) => setFilters({ keyId: e.currentTarget.value })} w={220} />
          <LabeledSegments<AuditOutcome>
            label="Outcome"
            value={filters.outcome}
            onChange={(outcome) => setFilters({ outcome })}
            data={[{ value: 'all', label: 'All' }, { value: 'success', label: 'Success' }, { value: 'error', label: 'Error' }]}
          />
          <LabeledSegments<AuditCalls>
            label="Calls"
            value={filters.calls}
            onChange={(calls) => setFilters({ calls })}
            data={[{ value: 'all', label: 'All' }, { value: 'changes', label: 'Changes' }, { value: 'reads', label: 'Reads' }]}
          />
          <LabeledSegments<AuditSource>
            label="Source"
            value={filters.source}
            onChange={(source) => setFilters({ source })}
            data={[{ value: 'all', label: 'All' }, { value: 'workload', label: 'Workload' }, { value: 'console', label: 'Console views' }]}
          />
          <TextInput label="From" type="datetime-local" value={filters.from} onChange={(e) => setFilters({ from: e.currentTarget.value })} w={200} />
          <TextInput label="To" type="datetime-local" value={filters.to} onChange={(e) => setFilters({ to: e.currentTarget.value })} w={200} />
          {anyFilter ? (
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={() => setFilters(EMPTY_AUDIT_FILTERS)}>
              Clear filters
            </Button>
          ) : null}
        </Group>
      </Paper>
      <ListPanel
        loading={!loaded && loading}
        loadingLabel="Loading audit log…"
        empty={records.length === 0 ? (
          <EmptyState
            py={44}
            icon={<IconListSearch size={26} />}
            withIndicatorBackground
            title={anyFilter ? 'No matching records' : 'No audit records yet'}
            description={anyFilter ? 'Loosen the filters or clear them.' : 'Use a key (create one, encrypt something) and each call is recorded here.'}
          />
        ) : null}
      >
        <ScrollArea>
          <Table highlightOnHover aria-label="Audit records" miw={860} verticalSpacing={5}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>User</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.map((r) => {
                const key = recordKey(r);
                return (
                  <Table.Tr key={r.eventID} className="kw-row-clickable" onClick={() => setSelected(r)} tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') setSelected(r); }}>
                    <Table.Td><Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(r.eventTime)}</Text></Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>{r.eventName}</Text>
                      {r.eventType === 'AwsServiceEvent' ? <Text size="xs" c="dimmed">scheduled</Text> : r.eventType === 'AwsConsoleAction' ? <Text size="xs" c="dimmed">console view</Text> : null}
                    </Table.Td>
                    <Table.Td><Text size="xs" ff="monospace" {...(key ? {} : { c: 'dimmed' })}>{key ?? '—'}</Text></Table.Td>
                    <Table.Td><OutcomeBadge r={r} /></Table.Td>
                    <Table.Td><Text size="sm">{r.sourceIPAddress}</Text></Table.Td>
                    <Table.Td><Text size="sm">{recordUser(r)}</Text></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </ListPanel>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed">
          {loaded ? `Showing ${formatCount(records.length)} record${records.length === 1 ? '' : 's'}${total !== null ? ` · ${formatCount(total)} in the log` : ''}` : ''}
        </Text>
        {nextCursor ? (
          <Button variant="default" onClick={() => void loadMore()} loading={loading}>
            Load more
          </Button>
        ) : null}
      </Group>
      <Drawer opened={selected !== null} onClose={() => setSelected(null)} position="right" size="xl" title={selected ? <Text fw={600}>{selected.eventName} · {formatDateTimeSeconds(selected.eventTime)}</Text> : null}>
        {selected ? (
          <Stack gap="sm">
            <Group gap="xs"><OutcomeBadge r={selected} />{selected.readOnly ? <Badge variant="outline" color="gray" radius="sm">read-only</Badge> : null}</Group>
            {selected.errorMessage ? <Text size="sm" c="red">{selected.errorMessage}</Text> : null}
            <Paper withBorder p="sm" radius="sm">
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>Hash chain</Text>
              <Group gap="xs"><Text size="sm" w={90} c="dimmed">Sequence</Text><Text size="sm" ff="monospace">{selected.chain.seq}</Text></Group>
              <Group gap="xs" wrap="nowrap"><Text size="sm" w={90} c="dimmed" style={{ flexShrink: 0 }}>Hash</Text><IdText value={selected.chain.hash} label="hash" size="xs" /></Group>
              <Group gap="xs" wrap="nowrap"><Text size="sm" w={90} c="dimmed" style={{ flexShrink: 0 }}>Previous</Text><IdText value={selected.chain.prevHash} label="previous hash" size="xs" /></Group>
            </Paper>
            <Code block style={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-label="Audit record JSON">
              {JSON.stringify(selected, null, 2)}
            </Code>
          </Stack>
        ) : null}
      </Drawer>
    </>
  );
}
