/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff and Jitter"): the delay before
 * retry n is uniform in [0, min(cap, base · 2ⁿ)]. Full jitter spreads the retries of many sends
 * that failed together (a Meta hiccup, a throttle) instead of synchronising them into new bursts,
 * which Meta punishes by extending the block (reference §3.3). p-retry's `randomize` only scales
 * the delay by 1–2×, so this tiny function replaces it.
 */
export interface BackoffOptions {
  /** First step, ms. */
  baseMs: number;
  /** Largest step, ms. */
  capMs: number;
}

/** Delay before retry number `attempt` (0-based: the first retry is attempt 0). */
export function fullJitter(attempt: number, { baseMs, capMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`; rejects with the signal's reason when aborted (worker shutdown). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
