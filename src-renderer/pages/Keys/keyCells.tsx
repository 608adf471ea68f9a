/** The Keys table's columns: header labels, sort fields and one cell renderer each. */
import { Badge, Group, Skeleton, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConsoleKeyRow, KeyListSortField } from '../../../src-shared/console';
import { IdText } from '../../components/IdText';
import { KeyTypeBadge } from '../../components/KeyTypeBadge';
import { StateBadge } from '../../components/StateBadge';
import { formatDate, formatDateTime } from '../../lib/format';

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
      <Tooltip label={`Every ${row.RotationPeriodInDays ?? 365} days`}>
        <Text size="xs" c="dimmed">
          next {formatDate(row.NextRotationDate)}
        </Text>
      </Tooltip>
    </Group>
  );
}

/** The columns, left to right; the CSS grid template below matches them. */
export const KEY_COLUMNS: readonly KeyColumn[] = [
  { label: 'Alias', sortBy: 'alias', cell: (row) => <AliasCell row={row} /> },
  { label: 'Key ID', sortBy: 'keyId', cell: (row) => <IdText value={row.KeyId} label="key ID" size="xs" truncate /> },
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
      <div>
        <KeyTypeBadge spec={row.KeySpec} usage={row.KeyUsage} />
        <Text size="xs" ff="monospace" c="dimmed" mt={2}>{row.KeySpec}</Text>
      </div>
    ),
  },
  { label: 'Created', sortBy: 'creationDate', cell: (row) => <Text size="sm">{formatDateTime(row.CreationDate)}</Text> },
  { label: 'Rotation', sortBy: 'rotation', cell: (row) => <RotationCell row={row} /> },
];

/** The grid's column widths, one per KEY_COLUMNS entry. */
export const KEY_GRID_TEMPLATE = 'minmax(200px, 2fr) minmax(180px, 1.6fr) 150px minmax(170px, 1.1fr) 150px 180px';

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
