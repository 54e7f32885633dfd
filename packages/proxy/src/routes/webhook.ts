/**
 * GET /webhook — Meta's verification handshake (reference §5.1).
 * POST /webhook — signed events (reference §5.2): verify X-Hub-Signature-256 over the raw bytes
 * with a constant-time compare against every configured app secret (rotation, per-flavor
 * secrets), persist the raw payload, answer 200, then process asynchronously (reference §5.3:
 * answer within 5 s).
 *
 * Raw bytes are required. Mount the kit before any body parser, or keep the raw body on
 * `req.rawBody` (Buffer or string) in your parser's `verify` hook; if a parser consumed the stream
 * and left no raw copy, the request fails with 500 `webhook_raw_body_unavailable` — a re-serialized
 * JSON object hashes differently (Meta escapes non-ASCII as \uXXXX) and must never be trusted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { KitHttpError } from '../errors';
import type { InboundPipeline } from '../inbound/pipeline';
import type { AppSecrets } from '../secrets';
import type { Store } from '../store/types';
import { asyncHandler } from '../util/async-handler';

export interface WebhookRouteOptions {
  verifyToken: string;
  secrets: AppSecrets;
  store: Store;
  pipeline: InboundPipeline;
  log: Logger;
  now: () => number;
  /** Largest accepted body. Meta batches up to 1000 events per POST (reference §5.3). */
  maxBytes: number;
}

const SIGNATURE_RE = /^sha256=([0-9a-f]{64})$/i;

function safeEqualString(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  // Compare equal-length buffers only; the length itself is not secret (the verify token is).
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** True when `header` is a valid signature of `raw` under any of `secrets`. */
export function verifySignature(raw: Buffer, header: string, secrets: readonly string[]): boolean {
  const m = SIGNATURE_RE.exec(header.trim());
  if (!m) return false;
  const given = Buffer.from((m[1] as string).toLowerCase(), 'hex');
  let ok = false;
  // Check every secret (no early exit) so timing does not reveal which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

function rawBodyOf(req: Request): Buffer | null {
  if (Buffer.isBuffer(req.body)) return req.body;
  const raw = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(raw)) return raw;
  if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
  if (raw instanceof Uint8Array) return Buffer.from(raw);
  return null;
}

export function webhookRoutes(o: WebhookRouteOptions): Router {
  const router = express.Router();

  router.get('/webhook', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const mode = q['hub.mode'];
    const token = q['hub.verify_token'];
    const challenge = q['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && safeEqualString(token, o.verifyToken) && typeof challenge === 'string' && /^[\w.-]{1,128}$/.test(challenge)) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    o.log.warn({ mode: typeof mode === 'string' ? mode : undefined }, 'webhook verification refused');
    throw new KitHttpError(403, 'webhook_verification_failed', 'hub.verify_token does not match the configured verifyToken (or hub.mode/hub.challenge missing).');
  });

  // Reads the raw bytes unless something upstream already consumed the stream.
  const raw: RequestHandler = express.raw({ type: () => true, limit: o.maxBytes });

  router.post(
    '/webhook',
    raw,
    asyncHandler(async (req, res) => {
      const body = rawBodyOf(req);
      if (!body) {
        o.log.error(
          'webhook body was consumed by a body parser before @kit/proxy: mount the kit before express.json(), or set req.rawBody in the parser verify hook',
        );
        throw new KitHttpError(
          500,
          'webhook_raw_body_unavailable',
          'The webhook signature needs the raw request bytes, but a body parser consumed them. Mount @kit/proxy before express.json() (or keep req.rawBody).',
        );
      }
      const header = req.get('x-hub-signature-256');
      if (!header) {
        o.log.warn({ bytes: body.length }, 'webhook without X-Hub-Signature-256 refused');
        throw new KitHttpError(401, 'webhook_signature_missing', 'X-Hub-Signature-256 header is missing.');
      }
      if (!verifySignature(body, header, o.secrets.all())) {
        o.log.warn({ bytes: body.length }, 'webhook with an invalid signature refused');
        throw new KitHttpError(403, 'webhook_signature_invalid', 'X-Hub-Signature-256 does not match the body for any configured app secret.');
      }
      // Persist before answering: if this fails Meta gets a 5xx and retries (reference §5.3).
      await o.store.saveWebhook(body.toString('utf8'), o.now());
      res.status(200).type('text/plain').send('EVENT_RECEIVED');
      o.pipeline.kick();
    }),
  );

  return router;
}
