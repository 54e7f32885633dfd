/**
 * The sandbox's controllable clock. Every time the sandbox reasons about — the 24 h / 7 d
 * messaging window, webhook timestamps, message `created_time`, rate-limit windows — comes from
 * here, so tests and the demo can "go silent for 25 hours" with `advance()` instead of waiting.
 * Webhook retry timers are the one exception: they use real timers (test speed is set with
 * `webhookRetryBaseMs`), because they pace real HTTP traffic.
 */

export interface SandboxClock {
  /** Current sandbox time, epoch ms. */
  now(): number;
  /** Move time forward by `ms` (must be ≥ 0). Returns the new time. */
  advance(ms: number): number;
  /** Jump to an absolute time (may not go backwards: Graph timestamps never do). */
  set(epochMs: number): number;
  /** How far the clock has been moved ahead of its base, ms. */
  offset(): number;
  /** Back to base time (used by `reset()`). */
  reset(): void;
}

export function createClock(base: () => number = Date.now): SandboxClock {
  let offset = 0;
  const clock: SandboxClock = {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`clock.advance(ms): ms must be a finite number ≥ 0, got ${String(ms)}`);
      }
      offset += ms;
      return clock.now();
    },
    set(epochMs) {
      const current = clock.now();
      if (!Number.isFinite(epochMs) || epochMs < current) {
        throw new RangeError(`clock.set(t): t must be ≥ the current sandbox time ${current}, got ${String(epochMs)}`);
      }
      offset += epochMs - current;
      return clock.now();
    },
    offset: () => offset,
    reset() {
      offset = 0;
    },
  };
  return clock;
}
