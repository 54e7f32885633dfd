/**
 * Tracing through `@opentelemetry/api` only. The kit ships no SDK, so every span is a no-op until
 * the host registers a tracer provider (its SDK, its exporter, its sampling).
 *
 * Spans: `kit.webhook.process` (one saved payload) → `kit.webhook.apply` (one event: store, then
 * publish); `kit.send.accept` (the durable write of POST /messages); `kit.send.deliver` (one
 * outbox row) → `kit.graph.request` (every Graph call, also back-fill and profile reads).
 * Attributes are ids the kit or Meta gave a message (`kit.client_id`, `kit.message.id`), the
 * webhook and account ids, event types and outcomes — never a token, a customer id, a URL, a
 * Graph path (it holds ids) or message text. Errors set the span status to the error's name or
 * code, not its message.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { graphCallClass } from './graph/call-class';

// One tracer for the module (OpenTelemetry's pattern): it finds the host's provider once that is
// registered, and asking getTracer per span cost ~4 % of the webhook ack's CPU (bench/proxy profile).
const tracer = trace.getTracer('@kit/proxy');

/** A machine name for a failure: a Kit error's code, else the error's class name. */
function failureName(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code)) return code;
  return err instanceof Error ? err.name : 'Error';
}

/** Runs `fn` inside an active span (children attach to it), ending it however `fn` ends. */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: failureName(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** withSpan for synchronous work (no promise allocated per span on a hot path). */
export function withSpanSync<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: failureName(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The fetch the Graph client calls through, with a CLIENT span per call. */
export function tracedFetch(inner: typeof fetch): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    return withSpan(
      'kit.graph.request',
      { 'http.request.method': method, 'kit.graph.class': graphCallClass(method, url) },
      async (span) => {
        const res = await inner(input, init);
        span.setAttribute('http.response.status_code', res.status);
        if (res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `http_${res.status}` });
        return res;
      },
      SpanKind.CLIENT,
    );
  };
}
