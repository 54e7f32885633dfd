/**
 * Fault injection, deterministic by seed (same seed + same traffic = same faults). Request
 * faults apply to Graph routes only, never to the `/__sandbox` control API.
 */

import { createRng, type Rng } from './rng';

export type RequestFaultKind = '5xx' | 'timeout' | 'reset' | 'rateLimit' | 'responseLost';
/** Graph route classes faults can be limited to. */
export type FaultRoute = 'send' | 'upload' | 'read' | 'subscribe';

export interface FaultConfig {
  /** Added delay before each Graph response, ms (fixed, or uniformly drawn from [min, max]). */
  latencyMs?: number | { min: number; max: number };
  /** Fraction (0–1) of Graph requests answered with a 500/503 Graph error (code 1/2, transient). */
  errorRate?: number;
  /** Fraction of requests held for `timeoutMs` and then dropped (socket destroyed, no answer). */
  timeoutRate?: number;
  /** How long a "timeout" holds the request before destroying it (default 10 s). */
  timeoutMs?: number;
  /** Fraction of requests whose connection is reset immediately (nothing processed). */
  resetRate?: number;
  /** Fraction of requests refused with 613/2534040 (on top of the real per-account limits). */
  rateLimitRate?: number;
  /**
   * Fraction of requests processed normally — the message is recorded and its echo delivered —
   * whose HTTP response is then lost (socket destroyed). The proxy's "uncertain" path.
   */
  responseLostRate?: number;
  /** Limit the request faults above (and latency) to these route classes. Default: all. */
  routes?: FaultRoute[];
  /** Fraction of webhook POSTs delivered twice (identical bytes). */
  webhookDuplicateRate?: number;
  /** Fraction of webhook batches held back so later events overtake them. */
  webhookReorderRate?: number;
  /** While true, no webhook reaches the receiver; batches are retried with backoff (and may be dropped). */
  webhookOutage?: boolean;
}

export interface OnceFault {
  kind: RequestFaultKind;
  /** Only requests of this route class consume it (default: the next Graph request of any class). */
  route?: FaultRoute;
  /** How many requests it hits (default 1). */
  count?: number;
}

export interface RequestFaultDecision {
  latencyMs: number;
  kind: RequestFaultKind | null;
}

const RATES: [RequestFaultKind, keyof FaultConfig][] = [
  ['reset', 'resetRate'],
  ['timeout', 'timeoutRate'],
  ['5xx', 'errorRate'],
  ['rateLimit', 'rateLimitRate'],
  ['responseLost', 'responseLostRate'],
];

function validate(config: FaultConfig): FaultConfig {
  for (const key of ['errorRate', 'timeoutRate', 'resetRate', 'rateLimitRate', 'responseLostRate', 'webhookDuplicateRate', 'webhookReorderRate'] as const) {
    const v = config[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) {
      throw new RangeError(`faults.${key} must be a fraction between 0 and 1, got ${JSON.stringify(v)}`);
    }
  }
  const l = config.latencyMs;
  if (l !== undefined && !(typeof l === 'number' ? l >= 0 : l.min >= 0 && l.max >= l.min)) {
    throw new RangeError(`faults.latencyMs must be ms ≥ 0 or { min, max } with 0 ≤ min ≤ max, got ${JSON.stringify(l)}`);
  }
  for (const r of config.routes ?? []) {
    if (!['send', 'upload', 'read', 'subscribe'].includes(r)) {
      throw new RangeError(`faults.routes entries must be send | upload | read | subscribe, got ${JSON.stringify(r)}`);
    }
  }
  return config;
}

export class FaultController {
  private config: FaultConfig;
  private rng: Rng;
  private onceQueue: { kind: RequestFaultKind; count: number; route?: FaultRoute }[] = [];

  constructor(
    private readonly initial: FaultConfig = {},
    private readonly seed: number | string = 1,
  ) {
    this.config = validate({ ...initial });
    this.rng = createRng(seed);
  }

  /** Current configuration. */
  get(): FaultConfig {
    return { ...this.config };
  }

  /** Merge settings into the current configuration (pass `undefined` values to unset). */
  set(partial: FaultConfig): FaultConfig {
    const next = { ...this.config, ...partial };
    for (const k of Object.keys(next) as (keyof FaultConfig)[]) if (next[k] === undefined) delete next[k];
    this.config = validate(next);
    return this.get();
  }

  /** Remove every fault (including queued one-shot faults). */
  clear(): void {
    this.config = {};
    this.onceQueue = [];
  }

  /** Queue a one-shot fault for the next matching request(s) — exact scripting for tests. */
  once(fault: OnceFault): void {
    if (!RATES.some(([k]) => k === fault.kind)) {
      throw new RangeError(`faults.once kind must be one of ${RATES.map(([k]) => k).join(', ')}, got ${JSON.stringify(fault.kind)}`);
    }
    this.onceQueue.push({ kind: fault.kind, count: fault.count ?? 1, ...(fault.route ? { route: fault.route } : {}) });
  }

  /** Back to the creation-time configuration and seed (used by `reset()`). */
  reset(): void {
    this.config = validate({ ...this.initial });
    this.onceQueue = [];
    this.rng = createRng(this.seed);
  }

  /** Decide what happens to one Graph request. Draws dice in a fixed order for reproducibility. */
  decide(route: FaultRoute): RequestFaultDecision {
    const once = this.onceQueue.find((f) => f.route === undefined || f.route === route);
    if (once) {
      once.count -= 1;
      if (once.count <= 0) this.onceQueue.splice(this.onceQueue.indexOf(once), 1);
      return { latencyMs: 0, kind: once.kind };
    }
    const c = this.config;
    if (c.routes && !c.routes.includes(route)) return { latencyMs: 0, kind: null };
    let latencyMs = 0;
    if (typeof c.latencyMs === 'number') latencyMs = c.latencyMs;
    else if (c.latencyMs) latencyMs = Math.round(c.latencyMs.min + this.rng() * (c.latencyMs.max - c.latencyMs.min));
    for (const [kind, key] of RATES) {
      const rate = c[key] as number | undefined;
      if (rate && this.rng() < rate) return { latencyMs, kind };
    }
    return { latencyMs, kind: null };
  }

  /** Which 5xx a `5xx` fault answers with: 500 (code 1) or 503 (code 2), by the dice. */
  serverErrorStatus(): 500 | 503 {
    return this.rng() < 0.5 ? 500 : 503;
  }

  timeoutMs(): number {
    return this.config.timeoutMs ?? 10_000;
  }

  webhookOutage(): boolean {
    return this.config.webhookOutage === true;
  }

  webhookDuplicate(): boolean {
    const r = this.config.webhookDuplicateRate;
    return !!r && this.rng() < r;
  }

  webhookReorder(): boolean {
    const r = this.config.webhookReorderRate;
    return !!r && this.rng() < r;
  }
}
