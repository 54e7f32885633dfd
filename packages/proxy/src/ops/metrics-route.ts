/**
 * GET /metrics: the kit's own registry in the Prometheus text format, for hosts that do not pass
 * their own registry. An operator route: `admin.read` on every account.
 */
import express, { type Router } from 'express';
import type { AccountRegistry } from '../accounts';
import { asyncHandler } from '../http/async-handler';
import { authorizedForEveryAccount, type Authorizer } from '../http/authorize';
import type { KitMetrics } from './metrics';

export function metricsRoutes(o: { metrics: KitMetrics; accounts: AccountRegistry; authorizer: Authorizer }): Router {
  const router = express.Router();
  router.get(
    '/metrics',
    asyncHandler(async (req, res) => {
      await authorizedForEveryAccount(req, o.accounts, o.authorizer, 'admin.read', 'metrics');
      res.set('content-type', o.metrics.registry.contentType).send(await o.metrics.registry.metrics());
    }),
  );
  return router;
}
