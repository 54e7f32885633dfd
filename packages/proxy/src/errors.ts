/**
 * The one error shape every route answers with (DESIGN §4 "Errors"):
 * `{ error: { code, message, retryable, graph?: { code, subcode, fbtraceId } } }`.
 *
 * Messages are written for the developer integrating the kit: they say what is wrong and what to
 * do. They never contain request URLs, bodies, headers or tokens.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { KitErrorBody, KitGraphErrorRef } from '@kit/core';
import type { Logger } from 'pino';

export interface KitHttpErrorOptions {
  retryable?: boolean;
  graph?: KitGraphErrorRef;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class KitHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryable: boolean;
  readonly graph?: KitGraphErrorRef;
  readonly details?: Record<string, unknown>;

  constructor(status: number, code: string, message: string, options: KitHttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KitHttpError';
    this.status = status;
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.graph) this.graph = options.graph;
    if (options.details) this.details = options.details;
  }

  toBody(): KitErrorBody {
    const error: KitErrorBody['error'] = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.graph) error.graph = this.graph;
    if (this.details) error.details = this.details;
    return { error };
  }
}

export function sendError(res: Response, err: KitHttpError): void {
  if (res.headersSent) return;
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
    // http-proxy-middleware v4 answers (via our on.error) AND calls next(err): nothing left to do.
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
