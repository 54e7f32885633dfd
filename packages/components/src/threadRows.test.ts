import { describe, expect, it } from 'vitest';
import { isSystemRow, threadRowAt, threadRows } from './threadRows';
import { message, thread } from './test/fixtures';

const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime();
const build = (ms: ReturnType<typeof message>[]) =>
  threadRows(
    ms.map((m) => m.id),
    new Map(ms.map((m) => [m.id, m])),
  );

describe('threadRows', () => {
  const ms = [
    message({ id: 'a', createdAt: at(20, 9, 0) }),
    message({ id: 'b', createdAt: at(20, 9, 2) }),
    message({ id: 'c', createdAt: at(20, 9, 4) }),
    message({ id: 'd', createdAt: at(20, 9, 30) }), // same side, 26 min later: new group
    message({ id: 'e', direction: 'outbound', createdAt: at(20, 9, 31) }),
    message({ id: 'f', direction: 'outbound', createdAt: at(21, 0, 1) }), // next day
  ];

  it('groups runs of one side within 5 minutes and puts the next day separator under the day’s last row', () => {
    const { rows, firstDay } = build(ms);
    expect(rows.map((r) => `${r.id}:${r.group}${r.dayAfter ? '+day' : ''}`)).toEqual(['a:first', 'b:middle', 'c:last', 'd:single', 'e:single+day', 'f:single']);
    expect(rows[4]!.dayAfter).toBe(new Date(2026, 10, 21).getTime());
    expect(firstDay).toBe(new Date(2026, 10, 20).getTime());
  });

  it('never groups a tapped button or a bare referral with the bubbles around it, in both derivations', () => {
    const rowsWithTaps = [
      message({ id: 'p', createdAt: at(20, 9, 0) }),
      message({ id: 'tap', createdAt: at(20, 9, 1), postback: { title: 'Get started', payload: 'GS' } }),
      message({ id: 'q', createdAt: at(20, 9, 2) }),
      message({ id: 'r', createdAt: at(20, 9, 3) }),
      message({ id: 'ad', createdAt: at(20, 9, 4), referral: { source: 'ADS', adTitle: 'Summer' } }),
      message({ id: 's', createdAt: at(20, 9, 5), text: 'Is it still on?', referral: { source: 'ADS' } }), // a message that came with a referral is a bubble
      message({ id: 't', createdAt: at(20, 9, 6) }),
    ];
    expect(rowsWithTaps.map((m) => isSystemRow(m))).toEqual([false, true, false, false, true, false, false]);
    const { rows } = build(rowsWithTaps);
    expect(rows.map((r) => `${r.id}:${r.group}`)).toEqual(['p:single', 'tap:single', 'q:first', 'r:last', 'ad:single', 's:first', 't:last']);
    const ids = rowsWithTaps.map((m) => m.id);
    const byId = new Map(rowsWithTaps.map((m) => [m.id, m]));
    for (let i = 0; i < ids.length; i++) expect(threadRowAt(ids, byId, i)).toEqual(rows[i]);
    // An unsent tap is a tombstone bubble, not a system line.
    expect(isSystemRow(message({ id: 'gone', deleted: true, postback: { payload: 'GS' } }))).toBe(false);
  });

  it('prepending older messages never changes the layout-relevant fields of rows already there', () => {
    const later = build(ms.slice(2)).rows;
    const all = build(ms).rows.slice(2);
    for (const [i, r] of later.entries()) {
      const now = all[i]!;
      expect(now.id).toBe(r.id);
      expect(now.dayAfter).toBe(r.dayAfter);
      // Only the group start may change (c: single → last), which affects corner radii, not height.
      expect(['single', 'last'].includes(now.group)).toBe(['single', 'last'].includes(r.group));
    }
  });
});

describe('threadRowAt', () => {
  it('derives any one row exactly as threadRows derives them all', () => {
    const ms = thread(500);
    const ids = ms.map((m) => m.id);
    const byId = new Map(ms.map((m) => [m.id, m]));
    const { rows } = threadRows(ids, byId);
    for (let i = 0; i < ids.length; i++) expect(threadRowAt(ids, byId, i)).toEqual(rows[i]);
    expect(threadRowAt(ids, byId, ids.length)).toBeUndefined();
  });
});
