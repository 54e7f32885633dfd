'use client';
import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` — one timer per list rather than one per row, so
 * relative times and window chips stay current without re-rendering on every tick elsewhere.
 */
export function useNow(intervalMs = 60_000, fixed?: number): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (fixed !== undefined) return;
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, fixed]);
  return fixed ?? now;
}
