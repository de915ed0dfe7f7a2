import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Ack, CLIENT_EVENTS, type Conversation, type Message } from '#contracts';
import { closeSockets, connectSocket, freePort, registerUser, startSystem, type System, type TestUser } from './harness/index.js';

// Traces end to end, against a real OTLP/HTTP receiver written here: the processes export OTLP JSON
// (exporter-trace-otlp-http) to it, and the tests read back the spans of one request across processes.

/** One span as the OTLP/JSON encoding carries it (ids are hex strings), with its process's service.name. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: { key: string; value: OtlpValue }[] }[] }[];
  }[];
}

const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;
const valueOf = (v: OtlpValue): unknown => v.stringValue ?? v.intValue ?? v.boolValue;

/** A minimal OTLP/HTTP trace receiver: POST /v1/traces with a JSON body, answered 200 `{}`. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      this.contentTypes.add(String(req.headers['content-type']));
      try {
        this.collect(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private collect(body: OtlpExport): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = String(valueOf(resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value ?? {}));
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          const attributes = Object.fromEntries((span.attributes ?? []).map((a) => [a.key, valueOf(a.value)]));
          this.spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, kind: span.kind, attributes });
        }
      }
    }
  }

  /** Waits until `found` returns a value for the spans received so far (exports are batched). */
  async until<T>(found: (spans: ExportedSpan[]) => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = found(this.spans);
      if (result !== undefined) return result;
      if (Date.now() > deadline) throw new Error(`spans not received in time; got: ${this.spans.map((s) => `${s.service}:${s.name}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('tracing: W3C traceparent across processes, exported over OTLP/HTTP', () => {
  const receiver = new OtlpReceiver();
  let system: System;
  let alice: TestUser;
  let bob: TestUser;
  let conversation: Conversation;

  beforeAll(async () => {
    const endpoint = await receiver.listen(await freePort());
    // Short export batches so that the test does not wait the default 5 s; info logs to find the trace id in.
    system = await startSystem({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'info' } });
    [alice, bob] = [await registerUser(system), await registerUser(system)];
    const first = await system.request<Message>('POST', '/api/chat/send', { token: alice.accessToken, body: { recipientId: bob.user.id, message: 'hi' } });
    expect(first.status).toBe(201);
    const conversations = await system.request<{ items: Conversation[] }>('GET', '/api/chat/conversations', { token: alice.accessToken });
    conversation = conversations.body.items.find((c) => c.id === first.body.conversationId) as Conversation;
    expect(conversation).toBeDefined();
  }, 120_000);

  afterAll(async () => {
    closeSockets();
    await system?.shutdown();
    await receiver.close();
  });

  it('one trace spans gateway → chat for a POST message, child of the incoming traceparent, with correct parent ids', async () => {
    // Bob's socket makes the gateway subscribe to his deliveries: the push is part of the trace too.
    await connectSocket(system.baseUrl, bob.accessToken);
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const res = await system.request<Message>('POST', `/api/chat/conversations/${conversation.id}/messages`, {
      token: alice.accessToken,
      body: { message: 'traced' },
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(res.status).toBe(201);

    const inTrace = (spans: ExportedSpan[]) => spans.filter((s) => s.traceId === traceId);
    const route = '/api/chat/conversations/:id/messages';
    const [http, client, server, delivery] = await receiver.until((spans) => {
      const trace = inTrace(spans);
      const httpSpan = trace.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.server && s.name === `POST ${route}`);
      const clientSpan = trace.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.client && s.name === 'send chat.messages.post');
      const serverSpan = trace.find((s) => s.service === 'chat' && s.kind === SPAN_KIND.server && s.name === 'process chat.messages.post');
      const deliverySpan = trace.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.consumer && s.name === 'process chat.deliver.user');
      return httpSpan && clientSpan && serverSpan && deliverySpan ? [httpSpan, clientSpan, serverSpan, deliverySpan] : undefined;
    });
    // Incoming traceparent honoured: the gateway's server span is the caller's span's child.
    expect(http.parentSpanId).toBe(callerSpanId);
    expect(http.attributes).toMatchObject({ 'http.route': route, 'http.response.status_code': 201 });
    // gateway (HTTP) → gateway (NATS request) → chat (handler) → gateway (the push to Bob's socket).
    expect(client.parentSpanId).toBe(http.spanId);
    expect(client.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': 'chat.messages.post' });
    expect(server.parentSpanId).toBe(client.spanId);
    const chatSpans = inTrace(receiver.spans).filter((s) => s.service === 'chat');
    const chatIds = new Set(chatSpans.map((s) => s.spanId));
    expect(chatIds.has(delivery.parentSpanId ?? '')).toBe(true);
    // Every span of the trace hangs off another span of it, or off the caller's.
    const ids = new Set([callerSpanId, ...inTrace(receiver.spans).map((s) => s.spanId)]);
    expect(inTrace(receiver.spans).filter((s) => !ids.has(s.parentSpanId ?? ''))).toEqual([]);
    // The receiver got OTLP JSON.
    expect([...receiver.contentTypes]).toEqual(['application/json']);
  });

  it('a socket event continues the traceparent given as its trace argument: emit(event, payload, { traceparent }, ack)', async () => {
    const socket = await connectSocket(system.baseUrl, alice.accessToken);
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const ack = (await socket
      .timeout(10_000)
      .emitWithAck(CLIENT_EVENTS.messageSend, { conversationId: conversation.id, content: 'traced socket', clientMsgId: `t-${hex(4)}` }, { traceparent: `00-${traceId}-${callerSpanId}-01` })) as Ack<Message>;
    expect(ack.ok).toBe(true);
    const [event, handler] = await receiver.until((spans) => {
      const eventSpan = spans.find((s) => s.traceId === traceId && s.service === 'gateway' && s.name === `socket ${CLIENT_EVENTS.messageSend}`);
      const handlerSpan = spans.find((s) => s.traceId === traceId && s.service === 'chat' && s.name === 'process chat.messages.post');
      return eventSpan && handlerSpan ? [eventSpan, handlerSpan] : undefined;
    });
    expect(event.parentSpanId).toBe(callerSpanId);
    const client = receiver.spans.find((s) => s.spanId === handler.parentSpanId);
    expect(client).toMatchObject({ service: 'gateway', name: 'send chat.messages.post', parentSpanId: event.spanId });
  });

  it('a durable event joins the trace of the request that wrote it: auth (outbox) → JetStream → users', async () => {
    const traceId = hex(16);
    const username = `traced_${hex(4)}`;
    const res = await system.request('POST', '/api/auth/register', {
      body: { username, email: `${username}@example.com`, password: 'correct horse battery' },
      headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
    });
    expect(res.status).toBe(201);
    const subject = 'events.auth.account.registered';
    const [handler, relay, consumer] = await receiver.until((spans) => {
      const trace = spans.filter((s) => s.traceId === traceId);
      const found = [
        trace.find((s) => s.service === 'auth' && s.name === 'process auth.register'),
        trace.find((s) => s.service === 'auth' && s.name === `send ${subject}`),
        trace.find((s) => s.service === 'users' && s.name === `process ${subject}`),
      ];
      return found.every((span) => span !== undefined) ? found : undefined;
    });
    // The relay publishes later, from its own loop: its span still hangs off the request's handler.
    expect(relay.parentSpanId).toBe(handler.spanId);
    expect(relay.kind).toBe(SPAN_KIND.producer);
    expect(consumer.parentSpanId).toBe(relay.spanId);
    expect(consumer.kind).toBe(SPAN_KIND.consumer);
  });

  it('without a traceparent a request starts its own trace; a malformed one is ignored', async () => {
    const cases: Record<string, string>[] = [{}, { traceparent: 'not-a-traceparent' }];
    for (const headers of cases) {
      const message = `untraced ${hex(4)}`;
      const res = await system.request<Message>('POST', `/api/chat/conversations/${conversation.id}/messages`, { token: alice.accessToken, body: { message }, headers });
      expect(res.status).toBe(201);
    }
    // The two requests' gateway server spans are roots of two distinct traces.
    const roots = await receiver.until((spans) => {
      const found = spans.filter((s) => s.service === 'gateway' && s.name === 'POST /api/chat/conversations/:id/messages' && s.parentSpanId === undefined);
      return found.length >= 2 ? found : undefined;
    });
    expect(new Set(roots.map((s) => s.traceId)).size).toBe(roots.length);
    for (const root of roots) {
      const handler = await receiver.until((spans) =>
        spans.find((s) => s.traceId === root.traceId && s.service === 'chat' && s.name === 'process chat.messages.post'),
      );
      expect(handler.traceId).toBe(root.traceId);
    }
  });

  it('the log lines of a traced request carry its trace id', async () => {
    const traceId = hex(16);
    const res = await system.request('GET', '/api/chat/conversations', { token: alice.accessToken, headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });
    expect(res.status).toBe(200);
    const logOf = (key: string) => readFileSync(join(system.dataDir, 'logs', `${key}.log`), 'utf8');
    await receiver.until((spans) => spans.find((s) => s.traceId === traceId && s.service === 'gateway' && s.kind === SPAN_KIND.server));
    const lines = logOf('gateway-0')
      .split('\n')
      .filter((line) => line.includes(traceId));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ traceId, service: 'gateway' });
  });
});
