/**
 * Tracing as a host sees it: the host registers an OpenTelemetry tracer provider (here the SDK's
 * in-memory exporter), a customer writes and the agent answers through the sandbox. The spans
 * form webhook → apply and accept / deliver → Graph, carry the message ids, and no span name,
 * attribute or status holds a token, the app secret, a customer id or message text.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_SECRET, IG_ACCOUNT, Recorder, type Harness } from '../test/harness';
import { newClientId, openConversation, send, startSendHarness } from '../test/send-kit';

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();
let h: Harness;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  h = await startSendHarness({ recorder: new Recorder() });
});
afterAll(async () => {
  await h?.close();
  trace.disable();
  context.disable();
});

const named = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);
const parentOf = (span: ReadableSpan) => exporter.getFinishedSpans().find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);

it('traces webhook → apply and accept, deliver → Graph with ids, and nothing secret or personal', async () => {
  const { customerId } = await openConversation(h, IG_ACCOUNT.id, 'Ciao, the blue jacket in M?');
  const clientId = newClientId('trace');
  const answer = await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: 'Yes, we have it in M!' });
  expect(answer.json.message?.status).toBe('sent');
  await h.settle();

  const applied = named('kit.webhook.apply').filter((s) => s.attributes['kit.event.type'] === 'message');
  expect(applied.length).toBeGreaterThanOrEqual(2); // the customer's message and the echo of ours
  for (const span of applied) {
    expect(parentOf(span)?.name).toBe('kit.webhook.process');
    expect(span.attributes['kit.message.id']).toEqual(expect.any(String));
    expect(span.attributes['kit.account.id']).toBe(IG_ACCOUNT.id);
  }
  expect(named('kit.webhook.process').every((s) => typeof s.attributes['kit.webhook.id'] === 'string')).toBe(true);

  const accepted = named('kit.send.accept').find((s) => s.attributes['kit.client_id'] === clientId);
  expect(accepted?.attributes).toMatchObject({ 'kit.account.id': IG_ACCOUNT.id, 'kit.send.inserted': true });
  const delivered = named('kit.send.deliver').find((s) => s.attributes['kit.client_id'] === clientId);
  expect(delivered?.attributes['kit.send.status']).toBe('sent');
  const graphCall = named('kit.graph.request').find((s) => parentOf(s) === delivered);
  expect(graphCall?.attributes).toMatchObject({ 'http.request.method': 'POST', 'kit.graph.class': 'send', 'http.response.status_code': 200 });

  // Scan everything a span exports.
  const exported = JSON.stringify(
    exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events, links: s.links })),
  );
  for (const secret of [IG_ACCOUNT.token, APP_SECRET, customerId, 'blue jacket', 'we have it in M', 'appsecret_proof', 'access_token']) {
    expect(exported, secret).not.toContain(secret);
  }
});
