/**
 * GET /webhook — Meta's verification handshake (reference §5.1).
 * POST /webhook — signed events (reference §5.2): verify X-Hub-Signature-256 over the raw bytes
 * with a constant-time compare against every configured app secret (rotation, per-flavor
 * secrets), check it parses within bounds (at most `maxBytes`, 413; nested at most
 * MAX_WEBHOOK_DEPTH levels and valid JSON, 400 — refused before anything is saved, so a poison
 * payload never reaches the queue), persist the raw payload, answer 200, then process
 * asynchronously (reference §5.3: answer within 5 s).
 *
 * Raw bytes are required. Mount the kit before any body parser, or keep the raw body on
 * `req.rawBody` (Buffer or string) in your parser's `verify` hook; if a parser consumed the stream
 * and left no raw copy, the request fails with 500 `webhook_raw_body_unavailable` — a re-serialized
 * JSON object hashes differently (Meta escapes non-ASCII as \uXXXX) and must never be trusted.
 */
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { KitHttpError } from '../http/errors';
import type { InboundPipeline } from './pipeline';
import type { AppSecrets } from '../secrets';
import type { Store } from '../store/types';
import { asyncHandler } from '../http/async-handler';
import { safeEqualString, verifySignature } from './verify';
import { parseWebhookPayload } from './json-depth';

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

const ACK_BODY = 'EVENT_RECEIVED';
const ACK_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(ACK_BODY)) };

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
      // express.raw enforces the limit while reading; a raw copy kept by the host's parser is checked here.
      if (body.length > o.maxBytes) {
        throw new KitHttpError(413, 'payload_too_large', `Request body is ${body.length} bytes; the webhook accepts at most ${o.maxBytes} (createKitProxy({ webhook: { maxBytes } })).`);
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
      // Decoded and parsed once: the pipeline takes this parse instead of parsing the body again.
      const text = body.toString('utf8');
      const parsed = parseWebhookPayload(text);
      if (!parsed.ok) {
        o.log.warn({ bytes: body.length, reason: parsed.problem.code }, 'signed webhook refused before saving');
        throw new KitHttpError(400, `webhook_${parsed.problem.code}`, parsed.problem.message);
      }
      // Persist before answering: if this fails Meta gets a 5xx and retries (reference §5.3).
      const id = await o.store.saveWebhook(text, o.now());
      // The fixed answer, written directly: res.send() would hash it for an ETag on every POST.
      res.writeHead(200, ACK_HEADERS).end(ACK_BODY);
      o.pipeline.kick({ id, body: text, parsed: parsed.value });
    }),
  );

  return router;
}
