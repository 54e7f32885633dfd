/**
 * The thread's rows, one per message, keyed by message id. Rule that keeps scrolling still: a
 * row's layout may depend on the NEXT message but never on the previous one. Prepending older
 * messages then never changes a row already on screen; only appends (at the bottom, where the
 * view follows) do. So:
 * - a date separator for the day of message N+1 is drawn at the bottom of row N (`dayAfter`);
 *   the first loaded day's separator sits in the thread header;
 * - group spacing and the time/status line belong to the end of a group (`last`/`single`),
 *   which only the next message decides.
 * Pure and O(n), computed only when the id list changes (createdAt and direction never change).
 */
import type { KitMessage } from '@kit/core';
import { startOfDay } from './format';
import type { GroupPosition } from './MessageBubble';

export interface ThreadRow {
  key: string;
  id: string;
  group: GroupPosition;
  /** Start of the local day of the next message, when it begins a new day. */
  dayAfter?: number;
}

export interface ThreadRows {
  rows: ThreadRow[];
  /** Local day of the first loaded message (its separator is drawn in the header). */
  firstDay: number | null;
}

/** Messages further apart than this start a new group. */
export const GROUP_GAP_MS = 5 * 60_000;

export function threadRows(ids: readonly string[], byId: Readonly<Record<string, KitMessage>>): ThreadRows {
  const rows: ThreadRow[] = [];
  let prev: KitMessage | undefined;
  let day = Number.NaN;
  let nextDay = Number.NaN; // cached so most messages cost no Date allocation
  let firstDay: number | null = null;
  let last: ThreadRow | undefined;
  for (const id of ids) {
    const m = byId[id];
    if (!m) continue;
    const newDay = !(m.createdAt >= day && m.createdAt < nextDay);
    if (newDay) {
      day = startOfDay(m.createdAt);
      nextDay = startOfDay(day + 36 * 3_600_000); // 36 h lands in the next day whatever DST does
      if (last) last.dayAfter = day;
      else firstDay = day;
    }
    const joins = !newDay && prev !== undefined && prev.direction === m.direction && m.createdAt - prev.createdAt <= GROUP_GAP_MS;
    if (joins && last) last.group = last.group === 'single' ? 'first' : last.group === 'last' ? 'middle' : last.group;
    const row: ThreadRow = { key: id, id, group: joins ? 'last' : 'single' };
    rows.push(row);
    last = row;
    prev = m;
  }
  return { rows, firstDay };
}
