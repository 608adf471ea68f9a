import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export interface SmallTableProps {
  /** Accessible name of the table. */
  label: string;
  /** Column headings; a number is an empty heading of that width in px (an actions column). */
  columns: (string | number)[];
  /** The rows (Table.Tr). */
  children: ReactNode;
}

/** A compact table with a heading row, for short lists inside a section card. */
export function SmallTable({ label, columns, children }: SmallTableProps) {
  return (
    <Table verticalSpacing={4} aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => (typeof c === 'number' ? <Table.Th key={i} w={c} /> : <Table.Th key={c}>{c}</Table.Th>))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}
