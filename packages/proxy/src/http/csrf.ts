import type { RequestHandler } from 'express';
import { KitHttpError } from './errors';

/** Header a browser cannot add to a "simple" cross-site request without a CORS preflight. */
export const CSRF_HEADER = 'x-kit-request';

/**
 * CSRF guard for state-changing routes: require `X-Kit-Request: 1`. A cross-site form or
 * `fetch(..., { mode: 'no-cors' })` cannot set a custom header, and with CORS off (the default)
 * the preflight a cross-site script would need is never granted.
 */
export function csrfGuard(): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (req.get(CSRF_HEADER) !== '1') {
      return next(
        new KitHttpError(403, 'csrf_header_missing', `State-changing requests must carry the header "X-Kit-Request: 1" (CSRF protection).`),
      );
    }
    next();
  };
}
