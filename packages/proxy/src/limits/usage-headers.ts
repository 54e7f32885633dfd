/**
 * Meta's usage headers (reference §3.2). `X-Business-Use-Case-Usage` (BUC: Instagram, Messenger,
 * Pages) is an object keyed by business-object id, each value an array of
 * `{ type, call_count, total_cputime, total_time, estimated_time_to_regain_access (minutes) }`;
 * `X-App-Usage` (and the older `X-Page-Usage`) is one `{ call_count, total_cputime, total_time }`.
 * Percentages reach 100 when Meta throttles. Headers appear only "once enough calls have been
 * made", so absence means nothing. Malformed headers are ignored, never fatal.
 */

export interface UsageReading {
  /** Highest percentage seen across every header, object and counter (0 when none). */
  maxPercent: number;
  /** Longest `estimated_time_to_regain_access`, in ms (0 when none). */
  regainMs: number;
}

const COUNTERS = ['call_count', 'total_cputime', 'total_time'] as const;

type HeaderSource = Headers | Record<string, string | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name) ?? undefined;
  const rec = h as Record<string, string | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : rec[key];
}

function parse(v: string | undefined): unknown {
  if (!v) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : 0);

function readCounters(o: unknown, into: UsageReading): void {
  if (!o || typeof o !== 'object') return;
  const r = o as Record<string, unknown>;
  for (const c of COUNTERS) into.maxPercent = Math.max(into.maxPercent, num(r[c]));
  into.regainMs = Math.max(into.regainMs, num(r.estimated_time_to_regain_access) * 60_000);
}

export function parseUsageHeaders(headers: HeaderSource): UsageReading {
  const out: UsageReading = { maxPercent: 0, regainMs: 0 };
  const buc = parse(header(headers, 'x-business-use-case-usage'));
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(entries)) for (const e of entries) readCounters(e, out);
    }
  }
  readCounters(parse(header(headers, 'x-app-usage')), out);
  readCounters(parse(header(headers, 'x-page-usage')), out);
  return out;
}

/**
 * How long to pause the account after a response with these headers: Meta's own estimate when it
 * gives one, `fallbackMs` when a counter is at 100 % without an estimate, otherwise 0.
 */
export function usagePauseMs(reading: UsageReading, fallbackMs: number): number {
  if (reading.regainMs > 0) return reading.regainMs;
  if (reading.maxPercent >= 100) return fallbackMs;
  return 0;
}
