import { describe, expect, it } from 'vitest';
import type { ScheduledEvent } from '../../src-shared/app';
import { groupByMonth } from './schedule';

const ev = (kind: ScheduledEvent['kind'], d: Date, id = 'k'): ScheduledEvent => ({ kind, KeyId: id, Arn: `arn:${id}`, Aliases: [], Date: d });

describe('groupByMonth', () => {
  it('sorts by date and groups by calendar month with counts', () => {
    const groups = groupByMonth([
      ev('rotation', new Date(2026, 4, 20), 'b'),
      ev('deletion', new Date(2026, 2, 9), 'a'),
      ev('rotation', new Date(2026, 2, 1), 'c'),
    ]);
    expect(groups.map((g) => g.month)).toEqual(['2026-03', '2026-05']);
    expect(groups[0]!.events.map((e) => e.KeyId)).toEqual(['c', 'a']);
    expect(groups[0]).toMatchObject({ rotations: 1, deletions: 1 });
    expect(groups[1]).toMatchObject({ rotations: 1, deletions: 0 });
  });
  it('is empty for no events', () => {
    expect(groupByMonth([])).toEqual([]);
  });
});
