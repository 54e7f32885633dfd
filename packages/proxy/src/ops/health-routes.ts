/**
 * Probes for a load balancer or an orchestrator:
 *   GET /health  the process answers (liveness): always 200 while the router is mounted
 *   GET /ready   this instance should get traffic (readiness): 200 when the store answers within
 *                `timeoutMs` (for postgresStore that includes its migrations), background work
 *                runs and the kit is not draining; 503 with the failing checks otherwise
 *
 * Both are answered without `authorize`: probes carry no session, and the answer holds no data
 * of any tenant — only which check failed (never an error message, which could name a host or
 * a connection string). `kit.close()` starts draining at once, so the balancer stops sending
 * requests while in-flight sends finish.
 */
import express, { type Router } from 'express';
import type { Store } from '../store/types';

export interface HealthRouteOptions {
  store: Store;
  /** True once `close()` started: stop routing traffic here. */
  draining: () => boolean;
  /** How long the store may take to answer a probe before the instance counts as not ready. */
  timeoutMs: number;
}

export type ReadinessCheck = 'store' | 'draining';

/** Resolves with the checks that failed (empty: ready). */
export async function readiness(options: HealthRouteOptions): Promise<ReadinessCheck[]> {
  const failed: ReadinessCheck[] = [];
  if (options.draining()) failed.push('draining');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), options.timeoutMs);
  });
  // lastEventId is the cheapest read every store has; it waits for a Postgres store's migrations.
  const answered = await Promise.race([options.store.lastEventId().then(() => true, () => false), deadline]);
  clearTimeout(timer);
  if (!answered) failed.push('store');
  return failed;
}

export function healthRoutes(options: HealthRouteOptions): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/ready', (_req, res, next) => {
    readiness(options).then((failed) => {
      res.set('cache-control', 'no-store').status(failed.length ? 503 : 200).json(failed.length ? { status: 'not_ready', failed } : { status: 'ready' });
    }, next);
  });
  return router;
}
