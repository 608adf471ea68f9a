/** The Keys page's filter bar: a debounced search and one multi-select per facet, all sent to the main side. */
import { Button, Group, MultiSelect, Text } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ROTATION_FILTERS, type RotationFilter } from '../../../src-shared/console';
import { KEY_SPECS, KEY_STATES, KEY_USAGES, type KeySpec, type KeyState, type KeyUsage } from '../../../src-shared/kms/enums';
import { SearchInput } from '../../components/Filters';
import { useStore } from '../../stores/store';

/**
 * Milliseconds of quiet before a search is sent: long enough that a fast typist's burst is one
 * call (one audit record), short enough that each keystroke's result shows within 100 ms of it.
 */
export const SEARCH_DEBOUNCE_MS = 40;

const ROTATION_LABELS: Record<RotationFilter, string> = { ENABLED: 'On', DISABLED: 'Off', NOT_SUPPORTED: 'Not supported' };
const options = <T extends string>(values: readonly T[], label: (v: T) => string = (v) => v) => values.map((v) => ({ value: v, label: label(v) }));
/** Narrow a multi-select's strings back to the enum it was built from (its options are exactly `values`). */
const pick = <T extends string>(values: readonly T[], chosen: string[]): T[] => values.filter((v) => chosen.includes(v));

/** Search, State, Type, Usage and Rotation; the match count on the right. */
export function KeyFilters({ noun }: { noun: string }) {
  const { query, matched, total, loaded, setKeyQuery } = useStore(
    useShallow((s) => ({ query: s.keyQuery, matched: s.keyList.matched, total: s.keyList.totals[s.keyQuery.manager], loaded: s.keyList.loaded, setKeyQuery: s.setKeyQuery })),
  );
  const [text, setText] = useState(query.search);
  const sent = useRef(query.search);
  const send = useDebouncedCallback((search: string) => {
    sent.current = search;
    void setKeyQuery({ search });
  }, SEARCH_DEBOUNCE_MS);
  // Follow a search set elsewhere (Clear filters, a reset), never echo back what was typed.
  useEffect(() => {
    if (query.search !== sent.current) {
      sent.current = query.search;
      setText(query.search);
    }
  }, [query.search]);
  const filtered = query.search.trim() !== '' || query.states.length + query.specs.length + query.usages.length + query.rotation.length > 0;

  return (
    <Group mb="sm" gap="sm" align="flex-end">
      <SearchInput
        label="Search keys"
        placeholder="Alias, key ID, description or tag"
        value={text}
        onChange={(v) => {
          setText(v);
          send(v);
        }}
        w={320}
      />
      <MultiSelect label="State" placeholder={query.states.length ? undefined : 'All states'} data={options(KEY_STATES)} value={query.states}
        onChange={(v) => void setKeyQuery({ states: pick<KeyState>(KEY_STATES, v) })} clearable w={200} />
      <MultiSelect label="Type" placeholder={query.specs.length ? undefined : 'All key specs'} data={options(KEY_SPECS)} value={query.specs}
        onChange={(v) => void setKeyQuery({ specs: pick<KeySpec>(KEY_SPECS, v) })} clearable searchable w={210} />
      <MultiSelect label="Usage" placeholder={query.usages.length ? undefined : 'All usages'} data={options(KEY_USAGES)} value={query.usages}
        onChange={(v) => void setKeyQuery({ usages: pick<KeyUsage>(KEY_USAGES, v) })} clearable w={220} />
      <MultiSelect label="Rotation" placeholder={query.rotation.length ? undefined : 'Any'} data={options(ROTATION_FILTERS, (v) => ROTATION_LABELS[v])} value={query.rotation}
        onChange={(v) => void setKeyQuery({ rotation: pick<RotationFilter>(ROTATION_FILTERS, v) })} clearable w={170} />
      <Group gap="xs" ml="auto" wrap="nowrap">
        <Text size="sm" c="dimmed" data-testid="keys-count">
          {loaded && total > 0 ? `${matched.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${noun}${total === 1 ? '' : 's'}` : ''}
        </Text>
        <Button variant="subtle" size="compact-sm" disabled={!filtered} onClick={() => { setText(''); sent.current = ''; void setKeyQuery({ search: '', states: [], specs: [], usages: [], rotation: [] }); }}>
          Clear filters
        </Button>
      </Group>
    </Group>
  );
}
