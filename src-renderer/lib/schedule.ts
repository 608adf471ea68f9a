/** Grouping upcoming scheduled events by month for the Rotation schedule page. */
import type { ScheduledEvent } from '../../src-shared/app';
import { monthKey } from './format';

export interface MonthGroup {
  /** yyyy-mm */
  month: string;
  events: ScheduledEvent[];
  rotations: number;
  deletions: number;
}

/** Events sorted by date and grouped by calendar month (local time), earliest first. */
export function groupByMonth(events: readonly ScheduledEvent[]): MonthGroup[] {
  const sorted = [...events].sort((a, b) => a.Date.getTime() - b.Date.getTime());
  const groups: MonthGroup[] = [];
  for (const e of sorted) {
    const month = monthKey(e.Date);
    let g = groups[groups.length - 1];
    if (!g || g.month !== month) {
      g = { month, events: [], rotations: 0, deletions: 0 };
      groups.push(g);
    }
    g.events.push(e);
    if (e.kind === 'rotation') g.rotations++;
    else g.deletions++;
  }
  return groups;
}
