/**
 * The thread's rows, one per message, keyed by message id. Rule that keeps scrolling still: a
 * row's layout may depend on the NEXT message but never on the previous one. Prepending older
 * messages then never changes a row already on screen; only appends (at the bottom, where the
 * view follows) do. So:
 * - a date separator for the day of message N+1 is drawn at the bottom of row N (`dayAfter`);
 *   the first loaded day's separator sits in the thread header;
 * - group spacing and the time/status line belong to the end of a group (`last`/`single`),
 *   which only the next message decides.
 * `threadRows` derives every row (O(n)); the thread view derives only the rows it renders with
 * `threadRowAt` (O(1) each), which gives the same row for the same index.
 */
import type { KitMessage } from '@kit/core';
import { startOfDay } from './format';

/** Where a row sits in its run of same-side messages (styling: `data-group`). */
export type GroupPosition = 'single' | 'first' | 'middle' | 'last';

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

/**
 * A row that is not a bubble: the customer tapped a button (postback) or arrived from an ad or a
 * link with nothing else (referral). It is drawn as a centred line and never joins a group.
 */
export function isSystemRow(m: KitMessage): boolean {
  return !m.deleted && (m.postback !== undefined || (m.referral !== undefined && m.text === undefined && m.attachments.length === 0));
}

/** Whether `message` continues the group of `prev` on the same day: same side, within GROUP_GAP_MS, both bubbles. */
const continuesGroup = (prev: KitMessage, message: KitMessage) =>
  prev.direction === message.direction && message.createdAt - prev.createdAt <= GROUP_GAP_MS && !isSystemRow(prev) && !isSystemRow(message);

export function threadRows(ids: readonly string[], byId: ReadonlyMap<string, KitMessage>): ThreadRows {
  const rows: ThreadRow[] = [];
  let prev: KitMessage | undefined;
  let day = Number.NaN;
  let nextDay = Number.NaN; // cached so most messages cost no Date allocation
  let firstDay: number | null = null;
  let last: ThreadRow | undefined;
  for (const id of ids) {
    const m = byId.get(id);
    if (!m) continue;
    const newDay = !(m.createdAt >= day && m.createdAt < nextDay);
    if (newDay) {
      day = startOfDay(m.createdAt);
      nextDay = startOfDay(day + 36 * 3_600_000); // 36 h lands in the next day whatever DST does
      if (last) last.dayAfter = day;
      else firstDay = day;
    }
    const joins = !newDay && prev !== undefined && continuesGroup(prev, m);
    if (joins && last) last.group = last.group === 'single' ? 'first' : last.group === 'last' ? 'middle' : last.group;
    const row: ThreadRow = { key: id, id, group: joins ? 'last' : 'single' };
    rows.push(row);
    last = row;
    prev = m;
  }
  return { rows, firstDay };
}

/** Local day of a message. */
const dayOf = (message: KitMessage) => startOfDay(message.createdAt);

/** Whether `message` continues the group of `prev` (and the same day). */
function joins(prev: KitMessage | undefined, message: KitMessage): boolean {
  return prev !== undefined && continuesGroup(prev, message) && dayOf(prev) === dayOf(message);
}

/**
 * Row `index` of `threadRows(ids, byId).rows`, from its neighbours only (for the few dozen rows a
 * view renders; `threadRows` derives a whole thread). Undefined when the id has no message. (Ids
 * without a message are skipped by `threadRows`; the store never has any.)
 */
export function threadRowAt(ids: readonly string[], byId: ReadonlyMap<string, KitMessage>, index: number): ThreadRow | undefined {
  const id = ids[index];
  const m = id === undefined ? undefined : byId.get(id);
  if (!m) return undefined;
  const prev = index > 0 ? byId.get(ids[index - 1]!) : undefined;
  const next = index + 1 < ids.length ? byId.get(ids[index + 1]!) : undefined;
  const withPrev = joins(prev, m);
  const withNext = next !== undefined && joins(m, next);
  const group: GroupPosition = withPrev ? (withNext ? 'middle' : 'last') : withNext ? 'first' : 'single';
  const row: ThreadRow = { key: id!, id: id!, group };
  if (next !== undefined && dayOf(next) !== dayOf(m)) row.dayAfter = dayOf(next);
  return row;
}
