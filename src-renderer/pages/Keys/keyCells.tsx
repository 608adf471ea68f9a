/**
 * The Keys table's columns: header labels, sort fields and one cell renderer each. Cells are
 * plain text and badges (no tooltips or copy buttons, whose per-row hooks cost scrolling frames);
 * exact names are in `title` attributes, and the key page has the copy buttons.
 */
import { Badge, Group, Skeleton, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConsoleKeyRow, KeyListSortField } from '../../../src-shared/console';
import { StateBadge } from '../../components/StateBadge';
import { formatDate, formatDateTime } from '../../lib/format';
import { KIND_COLORS, USAGE_LABELS, keyKindOf } from '../../lib/keyKind';

/** One column: its header, the field it sorts by, and its cell. */
export interface KeyColumn {
  label: string;
  sortBy: KeyListSortField;
  cell(row: ConsoleKeyRow): ReactNode;
}

function AliasCell({ row }: { row: ConsoleKeyRow }) {
  return (
    <div style={{ minWidth: 0 }}>
      {row.Aliases.length ? (
        <Text size="sm" fw={500} truncate="end">
          {row.Aliases[0]}
          {row.Aliases.length > 1 ? (
            <Text span size="xs" c="dimmed">
              {' '}+{row.Aliases.length - 1}
            </Text>
          ) : null}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">—</Text>
      )}
      {row.Description ? (
        <Text size="xs" c="dimmed" truncate="end">
          {row.Description}
        </Text>
      ) : null}
    </div>
  );
}

function RotationCell({ row }: { row: ConsoleKeyRow }) {
  if (row.Rotation === 'NOT_SUPPORTED') return <Text size="sm" c="dimmed">—</Text>;
  if (row.Rotation === 'DISABLED') {
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
      <Text size="xs" c="dimmed" title={`Every ${row.RotationPeriodInDays ?? 365} days`}>
        next {formatDate(row.NextRotationDate)}
      </Text>
    </Group>
  );
}

/** The columns, left to right; the CSS grid template below matches them. */
export const KEY_COLUMNS: readonly KeyColumn[] = [
  { label: 'Alias', sortBy: 'alias', cell: (row) => <AliasCell row={row} /> },
  { label: 'Key ID', sortBy: 'keyId', cell: (row) => <Text ff="monospace" size="xs" truncate="end" title={row.KeyId}>{row.KeyId}</Text> },
  {
    label: 'State',
    sortBy: 'keyState',
    cell: (row) => (
      <div>
        <StateBadge state={row.KeyState} />
        {row.KeyState === 'PendingDeletion' && row.DeletionDate ? (
          <Text size="xs" c="red">deletes {formatDate(row.DeletionDate)}</Text>
        ) : null}
      </div>
    ),
  },
  {
    label: 'Type',
    sortBy: 'keySpec',
    cell: (row) => (
      <div title={`${row.KeySpec} · ${row.KeyUsage}`}>
        <Group gap={4} wrap="nowrap" data-testid="key-type">
          <Badge variant="light" color={KIND_COLORS[keyKindOf(row.KeySpec)]} radius="sm" tt="none" miw="max-content">{keyKindOf(row.KeySpec)}</Badge>
          <Badge variant="outline" color="gray" radius="sm" tt="none" miw="max-content">{USAGE_LABELS[row.KeyUsage]}</Badge>
        </Group>
        <Text size="xs" ff="monospace" c="dimmed" mt={2}>{row.KeySpec}</Text>
      </div>
    ),
  },
  { label: 'Created', sortBy: 'creationDate', cell: (row) => <Text size="sm">{formatDateTime(row.CreationDate)}</Text> },
  { label: 'Rotation', sortBy: 'rotation', cell: (row) => <RotationCell row={row} /> },
];

/** The grid's column widths, one per KEY_COLUMNS entry. */
export const KEY_GRID_TEMPLATE = 'minmax(200px, 2fr) minmax(150px, 1.2fr) 150px minmax(200px, 1.3fr) 160px 180px';

/** A row not loaded yet: grey bars where its cells will be. */
export function PlaceholderCells() {
  return (
    <>
      {KEY_COLUMNS.map((c) => (
        <div role="cell" key={c.label}>
          <Skeleton height={10} width="70%" radius="sm" />
        </div>
      ))}
    </>
  );
}
