import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { headers } from '@nats-io/transport-node';
import { DomainError } from '../errors/domain.error.js';
import {
  activeTraceIds,
  currentTraceparent,
  injectTraceHeaders,
  inSpan,
  NATS_HEADER_GETTER,
  remoteContext,
  SpanKind,
  startTracing,
  stopTracing,
  TRACEPARENT_HEADER,
} from './tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const spanOf = (traceparent: string | undefined) => traceparent?.split('-')[2];

describe('tracing (W3C trace context, no export)', () => {
  beforeAll(() => startTracing({ service: 'spec' }));
  afterAll(() => stopTracing());

  it('a span started under an incoming traceparent keeps its trace id and has a span id of its own', async () => {
    const parent = remoteContext({ [TRACEPARENT_HEADER]: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    await inSpan('server', { kind: SpanKind.SERVER, parent }, async () => {
      const traceparent = currentTraceparent();
      expect(traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
      expect(spanOf(traceparent)).not.toBe(CALLER_SPAN);
      expect(activeTraceIds()).toEqual({ traceId: TRACE_ID, spanId: spanOf(traceparent) });
    });
  });

  it('NATS headers carry the active span to the next process, which continues the same trace', async () => {
    const sent = headers();
    let clientSpan: string | undefined;
    await inSpan('client', { kind: SpanKind.CLIENT, parent: remoteContext({ [TRACEPARENT_HEADER]: `00-${TRACE_ID}-${CALLER_SPAN}-01` }) }, async () => {
      clientSpan = activeTraceIds()?.spanId;
      injectTraceHeaders(sent);
    });
    expect(spanOf(sent.get(TRACEPARENT_HEADER))).toBe(clientSpan);
    await inSpan('handler', { kind: SpanKind.SERVER, parent: remoteContext(sent, NATS_HEADER_GETTER) }, async () => {
      expect(activeTraceIds()?.traceId).toBe(TRACE_ID);
    });
  });

  it('a missing or malformed traceparent starts a new trace; outside any span there are no ids', async () => {
    for (const carrier of [{}, { [TRACEPARENT_HEADER]: 'garbage' }, { [TRACEPARENT_HEADER]: `00-${'0'.repeat(32)}-${CALLER_SPAN}-01` }]) {
      await inSpan('root', { kind: SpanKind.SERVER, parent: remoteContext(carrier) }, async () => {
        const ids = activeTraceIds();
        expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(ids?.traceId).not.toBe('0'.repeat(32));
      });
    }
    expect(activeTraceIds()).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined();
  });

  it('without export, a trace started here has ids but records nothing (no span work per request); a sampled caller is still recorded', async () => {
    await inSpan('root', { kind: SpanKind.SERVER, parent: remoteContext({}) }, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(activeTraceIds()?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(activeTraceIds()?.spanId).toMatch(/^[0-9a-f]{16}$/);
    });
    const sampled = remoteContext({ [TRACEPARENT_HEADER]: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    await inSpan('server', { kind: SpanKind.SERVER, parent: sampled }, async (span) => expect(span.isRecording()).toBe(true));
  });

  it('inside a trace that is not sampled, no span of its own: the caller\'s ids go on (nothing would record a child)', async () => {
    const unsampled = remoteContext({ [TRACEPARENT_HEADER]: `00-${TRACE_ID}-${CALLER_SPAN}-00` });
    await inSpan('server', { kind: SpanKind.SERVER, parent: unsampled }, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(activeTraceIds()).toEqual({ traceId: TRACE_ID, spanId: CALLER_SPAN });
      const sent = headers();
      await inSpan('client', { kind: SpanKind.CLIENT }, async () => injectTraceHeaders(sent));
      expect(sent.get(TRACEPARENT_HEADER)).toBe(`00-${TRACE_ID}-${CALLER_SPAN}-00`);
    });
  });

  it('passes the error of the work through unchanged', async () => {
    const failure = DomainError.notFound('Message');
    await expect(inSpan('fails', { kind: SpanKind.SERVER }, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
