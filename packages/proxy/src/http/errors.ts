/**
 * The one error shape every route answers with (DESIGN §4 "Errors"):
 * `{ error: { code, message, category, retryable, graph?: { code, subcode, fbtraceId } } }`.
 * `category` comes from classifyGraphError for Graph's errors; a local refusal names its own, or
 * takes the one its HTTP status stands for (STATUS_CATEGORY), so clients never guess from a code.
 *
 * Messages are written for the developer integrating the kit: they say what is wrong and what to
 * do. They never contain request URLs, bodies, headers or tokens.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { KitErrorBody, KitErrorCategory, KitGraphErrorRef } from '@kit/core';
import type { Logger } from 'pino';

export interface KitHttpErrorOptions {
  /** Default: the category the HTTP status stands for (STATUS_CATEGORY). */
  category?: KitErrorCategory;
  retryable?: boolean;
  graph?: KitGraphErrorRef;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** What a local refusal with this status means when its throw site names nothing more specific. */
const STATUS_CATEGORY: Record<number, KitErrorCategory> = {
  400: 'validation',
  401: 'auth',
  403: 'permission',
  404: 'invalid_request',
  405: 'invalid_request',
  409: 'invalid_request',
  410: 'invalid_request',
  413: 'validation',
  415: 'validation',
  422: 'validation',
  429: 'rate_limit',
  502: 'transient',
  503: 'transient',
};

export class KitHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly category: KitErrorCategory;
  readonly retryable: boolean;
  readonly graph?: KitGraphErrorRef;
  readonly details?: Record<string, unknown>;

  constructor(status: number, code: string, message: string, options: KitHttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KitHttpError';
    this.status = status;
    this.code = code;
    this.category = options.category ?? STATUS_CATEGORY[status] ?? 'unknown';
    this.retryable = options.retryable ?? false;
    if (options.graph) this.graph = options.graph;
    if (options.details) this.details = options.details;
  }

  toBody(): KitErrorBody {
    const error: KitErrorBody['error'] = { code: this.code, message: this.message, category: this.category, retryable: this.retryable };
    if (this.graph) error.graph = this.graph;
    if (this.details) error.details = this.details;
    return { error };
  }
}

export function sendError(res: Response, err: KitHttpError): void {
  if (res.headersSent) return;
  // For observers of the answer (metrics count refusals by code without parsing the body).
  res.locals.kitErrorCode = err.code;
  res.status(err.status).json(err.toBody());
}

/**
 * Turns anything thrown into a KitHttpError. Body-parser errors carry `status`/`type`; we map the
 * ones a client can cause and hide everything else behind a generic 500 (the details go to the
 * log, never to the client).
 */
export function toKitHttpError(err: unknown): KitHttpError {
  if (err instanceof KitHttpError) return err;
  const e = err as { status?: unknown; type?: unknown } | null;
  if (e && typeof e === 'object' && typeof e.status === 'number') {
    if (e.type === 'entity.too.large') {
      return new KitHttpError(413, 'payload_too_large', 'Request body is larger than the configured limit.');
    }
    if (e.type === 'entity.parse.failed') {
      return new KitHttpError(400, 'invalid_json', 'Request body is not valid JSON.');
    }
    if (e.status >= 400 && e.status < 500) {
      return new KitHttpError(e.status, 'bad_request', 'The request could not be read.');
    }
  }
  return new KitHttpError(500, 'internal', 'Internal error in @kit/proxy; see the server log.', { retryable: true });
}

/** Express error middleware: JSON envelope, never an HTML stack trace, never the URL. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    // A route that already answered (a stream cut short) has nothing left to say.
    if (res.headersSent) {
      if (!res.writableEnded) next(err);
      return;
    }
    const kitErr = toKitHttpError(err);
    if (kitErr.status >= 500) log.error({ err, method: req.method, path: req.path }, 'request failed');
    sendError(res, kitErr);
  };
}

export const notFound = () =>
  new KitHttpError(404, 'not_found', 'No such route in @kit/proxy. See the package README for the route list.');
