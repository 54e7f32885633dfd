import { describe, expect, it } from 'vitest';
import { threadRows } from './threadRows';
import { message } from './test/fixtures';

const at = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m).getTime();

describe('threadRows', () => {
  it('adds a separator per local day and groups runs of one side within 5 minutes', () => {
    const ms = [
      message({ id: 'a', createdAt: at(20, 9, 0) }),
      message({ id: 'b', createdAt: at(20, 9, 2) }),
      message({ id: 'c', createdAt: at(20, 9, 4) }),
      message({ id: 'd', createdAt: at(20, 9, 30) }), // same side, 26 min later: new group
      message({ id: 'e', direction: 'outbound', createdAt: at(20, 9, 31) }),
      message({ id: 'f', direction: 'outbound', createdAt: at(21, 0, 1) }), // next day
    ];
    const rows = threadRows(
      ms.map((m) => m.id),
      Object.fromEntries(ms.map((m) => [m.id, m])),
    );
    expect(rows.map((r) => (r.kind === 'message' ? `${r.id}:${r.group}` : r.kind))).toEqual([
      'top',
      'day',
      'a:first',
      'b:middle',
      'c:last',
      'd:single',
      'e:single',
      'day',
      'f:single',
    ]);
    expect(rows[1]).toMatchObject({ key: `day:${new Date(2026, 10, 20).getTime()}` });
  });
});
