/**
 * The Keys page: customer managed and AWS managed keys apart, as the AWS KMS console lists
 * them; one console:listKeys call per view (filter, sort, first page), further pages as the
 * virtualised table scrolls.
 */
import { Button, EmptyState, SegmentedControl } from '@mantine/core';
import { useViewportSize } from '@mantine/hooks';
import { IconKey, IconPlus, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ListPanel } from '../../components/ListPanel';
import { PageHeader } from '../../components/PageHeader';
import { useStore } from '../../stores/store';
import { CreateKeyModal } from './CreateKeyModal';
import { KeyFilters } from './KeyFilters';
import { KeysTable } from './KeysTable';

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
  const { manager, total, matched, loaded, loading, filtered, setKeyQuery, reloadKeyList, navigate } = useStore(
    useShallow((s) => ({
      manager: s.keyQuery.manager, setKeyQuery: s.setKeyQuery, reloadKeyList: s.reloadKeyList, navigate: s.navigate,
      // Only what the page shows: a page of rows arriving does not re-render the header and filters.
      total: s.keyList.totals[s.keyQuery.manager], matched: s.keyList.matched, loaded: s.keyList.loaded, loading: s.keyList.loading,
      filtered: s.keyQuery.search.trim() !== '' || s.keyQuery.states.length + s.keyQuery.specs.length + s.keyQuery.usages.length + s.keyQuery.rotation.length > 0,
    })),
  );
  const [creating, setCreating] = useState(false);
  const { height: viewport } = useViewportSize();
  const tableHeight = Math.max(320, (viewport || 900) - 330);

  useEffect(() => {
    void reloadKeyList(); // always refresh on entry: state may have changed (scheduler, other pages)
  }, [reloadKeyList]);

  const tab: KeyManagerTab = manager;
  const noun = tab === 'AWS' ? 'AWS managed key' : 'key';
  const open = useCallback((keyId: string) => navigate({ page: 'key', keyId }), [navigate]);
  const clear = () => void setKeyQuery({ search: '', states: [], specs: [], usages: [], rotation: [] });

  return (
    <>
      <PageHeader
        title="Keys"
        description={TAB_DESCRIPTION[tab]}
        actions={
          <>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void reloadKeyList()} loading={loading && loaded}>
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
        onChange={(v) => void setKeyQuery({ manager: v === 'AWS' ? 'AWS' : 'CUSTOMER' })}
      />
      <KeyFilters noun={noun} />
      <ListPanel
        loading={!loaded}
        loadingLabel="Loading keys…"
        empty={total === 0 && tab === 'AWS' ? (
          <EmptyState
            py={48}
            icon={<IconKey size={28} />}
            withIndicatorBackground
            title="No AWS managed keys yet"
            description="An AWS managed key is created the first time a call names its predefined alias, as AWS services do: for example DescribeKey or Encrypt with KeyId alias/aws/s3."
          />
        ) : total === 0 ? (
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
        ) : matched === 0 ? (
          <EmptyState
            py={40}
            icon={<IconSearch size={24} />}
            title="No keys match"
            description={filtered ? 'Change the search text or clear the filters.' : undefined}
          >
            <EmptyState.Actions>
              <Button variant="default" onClick={clear}>
                Clear filters
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : null}
      >
        <KeysTable onOpen={open} height={tableHeight} />
      </ListPanel>
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(keyId) => {
          setCreating(false);
          void useStore.getState().refreshKeys();
          navigate({ page: 'key', keyId });
        }}
      />
    </>
  );
}
