/**
 * The Keys table: a virtualised grid (TanStack Virtual, https://tanstack.com/virtual/latest)
 * that renders only the rows in view, asks the store for the pages it scrolls to, sorts on a
 * header click, and moves a roving focus with the arrow keys, Page Up/Down, Home and End
 * (WAI-ARIA grid keyboard pattern, https://www.w3.org/WAI/ARIA/apg/patterns/grid/).
 */
import { Progress, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConsoleKeyRow, KeyListSortField } from '../../../src-shared/console';
import { useStore } from '../../stores/store';
import { KEY_PAGE_ROWS } from '../../stores/keyListSlice';
import { KEY_COLUMNS, KEY_GRID_TEMPLATE, PlaceholderCells } from './keyCells';

/** Every row has this height (px): two lines of text and the cell padding. */
export const KEY_ROW_HEIGHT = 58;
/** Rows rendered beyond the visible ones, each side. */
const OVERSCAN = 8;
/** Ask for the next page this many rows before the view reaches it. */
const PREFETCH_ROWS = KEY_PAGE_ROWS / 2;

const cellStyle = { padding: '6px 12px', minWidth: 0, display: 'flex', alignItems: 'center' } as const;

function SortHeader({ label, field }: { label: string; field: KeyListSortField }) {
  const { sortBy, sortOrder, setKeyQuery } = useStore(useShallow((s) => ({ sortBy: s.keyQuery.sortBy, sortOrder: s.keyQuery.sortOrder, setKeyQuery: s.setKeyQuery })));
  const active = sortBy === field;
  const Icon = !active ? IconArrowsSort : sortOrder === 'asc' ? IconArrowUp : IconArrowDown;
  const next = active && sortOrder === 'asc' ? 'desc' : active ? 'asc' : field === 'creationDate' ? 'desc' : 'asc';
  return (
    <div role="columnheader" aria-sort={active ? (sortOrder === 'asc' ? 'ascending' : 'descending') : 'none'} style={cellStyle}>
      <UnstyledButton onClick={() => void setKeyQuery({ sortBy: field, sortOrder: next })} aria-label={`Sort by ${label}`} style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
        <Text size="sm" fw={600}>{label}</Text>
        <Icon size={14} opacity={active ? 1 : 0.4} />
      </UnstyledButton>
    </div>
  );
}

interface KeyGridRowProps {
  row: ConsoleKeyRow | undefined;
  index: number;
  /** Offset from the top of the list (px). */
  start: number;
  /** Holds the roving focus (tabIndex 0). */
  active: boolean;
  onOpen(keyId: string): void;
  onActivate(index: number): void;
}

/** One row, re-rendered only when its own props change (scrolling moves rows, it does not rebuild them). */
const KeyGridRow = memo(function KeyGridRow({ row, index, start, active, onOpen, onActivate }: KeyGridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      data-key-id={row?.KeyId}
      className={row ? 'kw-row-clickable kw-key-row' : 'kw-key-row'}
      tabIndex={active ? 0 : -1}
      onClick={() => {
        onActivate(index);
        if (row) onOpen(row.KeyId);
      }}
      onFocus={() => onActivate(index)}
      style={{
        position: 'absolute', top: 0, left: 0, right: 0, height: KEY_ROW_HEIGHT, transform: `translateY(${start}px)`,
        display: 'grid', gridTemplateColumns: KEY_GRID_TEMPLATE, borderBottom: '1px solid var(--mantine-color-default-border)',
      }}
    >
      {row ? KEY_COLUMNS.map((c) => <div role="cell" key={c.label} style={cellStyle}>{c.cell(row)}</div>) : <PlaceholderCells />}
    </div>
  );
});

export interface KeysTableProps {
  /** Open a key's page. */
  onOpen(keyId: string): void;
  /** The scroll area's height in px. */
  height: number;
}

/** The virtualised, sortable, keyboard-navigable Keys grid over the store's current view. */
export function KeysTable({ onOpen, height }: KeysTableProps) {
  const query = useStore((s) => s.keyQuery);
  const { rows, matched, loading, search, loadKeyRange } = useStore(
    useShallow((s) => ({
      rows: s.keyList.rows, matched: s.keyList.matched, loading: s.keyList.loading, search: s.keyList.search, loadKeyRange: s.loadKeyRange,
    })),
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: matched,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => KEY_ROW_HEIGHT,
    overscan: OVERSCAN,
    // Render the first screenful before the scroll area is measured, and whenever it measures
    // nothing (not laid out yet; tests): its height is set by style, so that is its height.
    initialRect: { width: 1200, height },
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height })),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (matched > 0) void loadKeyRange(first, last + 1 + PREFETCH_ROWS);
  }, [first, last, matched, rows, loadKeyRange]);

  // A new query (search, facet, sort, tab) starts at the top.
  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
  }, [query, virtualizer]);

  const focusRow = useCallback((index: number) => {
    const i = Math.max(0, Math.min(matched - 1, index));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus());
  }, [matched, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(height / KEY_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: matched - 1 };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      focusRow(to);
    } else if (e.key === 'Enter') {
      const row = rows[active];
      if (row) onOpen(row.KeyId);
    }
  };

  return (
    <div role="table" aria-label="Keys" aria-rowcount={matched + 1} aria-busy={loading} data-search={search}>
      <Progress value={100} animated size={3} radius={0} style={{ visibility: loading ? 'visible' : 'hidden' }} aria-label="Loading keys" />
      <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: KEY_GRID_TEMPLATE, borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        {KEY_COLUMNS.map((c) => <SortHeader key={c.label} label={c.label} field={c.sortBy} />)}
      </div>
      <div ref={scrollRef} onKeyDown={onKeyDown} style={{ height, overflowY: 'auto', contain: 'strict' }} data-testid="keys-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <KeyGridRow key={item.key} row={rows[item.index]} index={item.index} start={item.start} active={item.index === active} onOpen={onOpen} onActivate={setActive} />
          ))}
        </div>
      </div>
    </div>
  );
}
