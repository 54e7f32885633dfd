/**
 * The thread's rows: messages plus date separators, with each message's place in its group
 * (consecutive messages of one side within a few minutes render as one block). Pure and O(n),
 * computed only when the id list changes — createdAt and direction never change for an id.
 */
import type { KitMessage } from '@kit/core';
import { startOfDay } from './format';
import type { GroupPosition } from './MessageBubble';

export type ThreadRow =
  | { kind: 'top'; key: 'top' }
  | { kind: 'day'; key: string; at: number }
  | { kind: 'message'; key: string; id: string; group: GroupPosition };

/** Messages further apart than this start a new group. */
export const GROUP_GAP_MS = 5 * 60_000;

export function threadRows(ids: readonly string[], byId: Readonly<Record<string, KitMessage>>): ThreadRow[] {
  const rows: ThreadRow[] = [{ kind: 'top', key: 'top' }];
  let prev: KitMessage | undefined;
  let day = Number.NaN;
  let nextDay = Number.NaN; // cached so most messages cost no Date allocation
  let lastMessageRow: Extract<ThreadRow, { kind: 'message' }> | undefined;
  for (const id of ids) {
    const m = byId[id];
    if (!m) continue;
    const newDay = !(m.createdAt >= day && m.createdAt < nextDay);
    if (newDay) {
      day = startOfDay(m.createdAt);
      nextDay = startOfDay(day + 36 * 3_600_000); // 36 h lands in the next day whatever DST does
      rows.push({ kind: 'day', key: `day:${day}`, at: day });
    }
    const joins = !newDay && prev !== undefined && prev.direction === m.direction && m.createdAt - prev.createdAt <= GROUP_GAP_MS;
    if (joins && lastMessageRow) lastMessageRow.group = lastMessageRow.group === 'single' ? 'first' : lastMessageRow.group === 'last' ? 'middle' : lastMessageRow.group;
    const row: Extract<ThreadRow, { kind: 'message' }> = { kind: 'message', key: id, id, group: joins ? 'last' : 'single' };
    rows.push(row);
    lastMessageRow = row;
    prev = m;
  }
  return rows;
}
