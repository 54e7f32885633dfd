/**
 * Locale-aware formatting of times and sizes with Intl (no date library: they are most of a chat
 * kit's bundle weight elsewhere). Formatters are created once per locale and reused by every row.
 */
import { DAY_MS } from '@kit/core';
import { safeLocale } from './i18n';
import type { KitTranslate } from './i18n';

export interface KitFormatters {
  /** 14:05 / 2:05 PM */
  time(ms: number): string;
  /** Full date and time for tooltips and `<time title>`. */
  dateTime(ms: number): string;
  /** "Today", "Yesterday", a weekday within a week, else a date — for separators. */
  day(ms: number, now?: number): string;
  /** Compact time for list rows: time today, weekday this week, else a short date. */
  listTime(ms: number, now?: number): string;
  /** "5 minutes ago"; a time after `now` (the other side's clock runs ahead) is "now", never "in 3 minutes". */
  relative(ms: number, now?: number): string;
  /** m:ss for media durations. */
  duration(ms: number): string;
}

/** Local midnight of the day containing `ms`. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whether two times fall on the same local calendar day. */
export function sameDay(left: number, right: number): boolean {
  return startOfDay(left) === startOfDay(right);
}

/** Calendar days from the day of `ms` to the day of `now`. */
const daysBefore = (ms: number, now: number) => Math.round((startOfDay(now) - startOfDay(ms)) / DAY_MS);

export function createFormatters(locale: string, t: KitTranslate): KitFormatters {
  // Intl objects are costly to build: share them per locale across providers and rows.
  const f = intlFor(safeLocale(locale));
  const fmts: KitFormatters = {
    time: (ms) => f.time().format(ms),
    dateTime: (ms) => f.dateTime().format(ms),
    day(ms, now = Date.now()) {
      const days = daysBefore(ms, now);
      if (days === 0) return t('date.today');
      if (days === 1) return t('date.yesterday');
      if (days > 1 && days < 7) return f.weekday().format(ms);
      return f.date().format(ms);
    },
    listTime(ms, now = Date.now()) {
      const days = daysBefore(ms, now);
      if (days === 0) return f.time().format(ms);
      if (days > 0 && days < 7) return f.weekdayShort().format(ms);
      return f.dateShort().format(ms);
    },
    relative(ms, now = Date.now()) {
      // Clock skew: Meta's and the proxy's clocks may be ahead of the browser's, and a comment or
      // message can never have been written in the future. Clamped, it reads as "now".
      const diff = Math.min(0, ms - now);
      const abs = Math.abs(diff);
      const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
        abs < 60_000
          ? [Math.round(diff / 1000) || 0, 'second'] // `|| 0`: -0 would read "0 seconds ago", not "now"
          : abs < 3_600_000
            ? [Math.round(diff / 60_000), 'minute']
            : abs < DAY_MS
              ? [Math.round(diff / 3_600_000), 'hour']
              : [Math.round(diff / DAY_MS), 'day'];
      return f.relative().format(value, unit);
    },
    duration(ms) {
      const s = Math.max(0, Math.round(ms / 1000));
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    },
  };
  return fmts;
}

type IntlSet = {
  time: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
  weekdayShort: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  dateShort: Intl.DateTimeFormat;
  relative: Intl.RelativeTimeFormat;
};
const INTL_OPTIONS: Record<keyof IntlSet, Intl.DateTimeFormatOptions & Intl.RelativeTimeFormatOptions> = {
  time: { hour: 'numeric', minute: '2-digit' },
  dateTime: { dateStyle: 'full', timeStyle: 'short' },
  weekday: { weekday: 'long' },
  weekdayShort: { weekday: 'short' },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  dateShort: { day: 'numeric', month: 'short' },
  relative: { numeric: 'auto' },
};
type LazyIntl = { [K in keyof IntlSet]: () => IntlSet[K] };

// ---- A page's first date formatter ----------------------------------------------------------
// The first Intl date formatter built on a page costs 50–400 ms (ICU's locale data is loaded);
// later ones cost a few ms. A thread opened on a page that has formatted no date yet shows its
// messages first and their times right after that first paint (a placeholder of the same height
// until then), instead of holding the messages back for the clock. On the server, and wherever a
// date was formatted before (the inbox's list), times are there from the first render.
// (Server renders and hydration take `true` from useSyncExternalStore's server snapshot.)
let intlWarm = false;
const warmListeners = new Set<() => void>();

/** Whether times can be formatted now without loading Intl's data on the critical path. */
export const isIntlWarm = (): boolean => intlWarm;

/** Be told when times can be formatted: after the next paint, when nothing has formatted one yet. */
export function subscribeIntlWarm(listener: () => void): () => void {
  // requestAnimationFrame runs before the frame's paint; the task it queues runs after it.
  if (!intlWarm && warmListeners.size === 0)
    requestAnimationFrame(() =>
      setTimeout(() => {
        intlWarm = true;
        warmListeners.forEach((l) => l());
      }),
    );
  warmListeners.add(listener);
  return () => warmListeners.delete(listener);
}
const intlCache = new Map<string, LazyIntl>();
/** Each Intl object is built the first time something formats with it, then kept per locale. */
function intlFor(loc: string): LazyIntl {
  let s = intlCache.get(loc);
  if (!s) {
    const made: Partial<IntlSet> = {};
    const lazy: Partial<Record<keyof IntlSet, () => unknown>> = {};
    for (const key of Object.keys(INTL_OPTIONS) as (keyof IntlSet)[]) {
      lazy[key] = () => {
        intlWarm = true;
        return (made[key] ??= (key === 'relative' ? new Intl.RelativeTimeFormat(loc, INTL_OPTIONS[key]) : new Intl.DateTimeFormat(loc, INTL_OPTIONS[key])) as never);
      };
    }
    intlCache.set(loc, (s = lazy as LazyIntl));
  }
  return s;
}
