import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { outcomeOf } from '../metrics/metrics.js';

// W3C Trace Context across every hop (HTTP in, NATS request headers, broadcasts, JetStream events) with the
// OpenTelemetry SDK. The SDK always runs, so that every log line of a request carries its trace id; spans
// leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP, JSON). docs/adr/0020.

/** The W3C header names; NATS headers use the same ones. */
export const TRACEPARENT_HEADER = 'traceparent';

export interface TracingOptions {
  /** `service.name` of the spans (OTEL_SERVICE_NAME overrides it, as in every OpenTelemetry SDK). */
  service: string;
  /** OTLP/HTTP base URL (`/v1/traces` is appended); undefined: no export. */
  endpoint?: string;
}

let provider: NodeTracerProvider | undefined;

/**
 * Batches finished spans to the OTLP/HTTP exporter (JSON). The exporter module is imported only when export
 * is on: it is a third of the SDK's load time, which every process start would pay otherwise.
 */
class OtlpExport implements SpanProcessor {
  private batch: BatchSpanProcessor | undefined;
  private early: ReadableSpan[] = [];
  private readonly loaded: Promise<void>;

  constructor(url: string) {
    this.loaded = import('@opentelemetry/exporter-trace-otlp-http').then(({ OTLPTraceExporter }) => {
      this.batch = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
      for (const span of this.early) this.batch.onEnd(span);
      this.early = [];
    });
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.batch) this.batch.onEnd(span);
    else this.early.push(span);
  }

  async forceFlush(): Promise<void> {
    await this.loaded;
    await this.batch?.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.loaded;
    await this.batch?.shutdown();
  }
}

/** Registers the tracer provider, W3C propagator and async context once per process. */
export function startTracing(options: TracingOptions): void {
  if (provider) return;
  const spanProcessors = options.endpoint ? [new OtlpExport(`${options.endpoint.replace(/\/+$/, '')}/v1/traces`)] : [];
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || options.service }),
    spanProcessors,
    // Without export, a trace this process starts is not recorded: its spans are ids only (no attributes, timing or
    // span object per request and per delivery), which is all the log lines need. A caller's sampled trace is still
    // recorded, so its flag travels on unchanged. docs/adr/0020, amendment.
    ...(options.endpoint ? {} : { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) }),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
}

/** Exports what is buffered, then stops (at shutdown, after the last request). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  await stopping?.shutdown();
}

const tracer = () => trace.getTracer('chat-platform');

/** Reads a NATS header bag (`get` answers "" for a missing key). */
export const NATS_HEADER_GETTER: TextMapGetter<{ get(key: string): string } | undefined> = {
  get: (carrier, key) => carrier?.get(key) || undefined,
  keys: () => [TRACEPARENT_HEADER, 'tracestate'],
};

/** The context a remote caller sent (W3C headers), or the root context when it sent none or a bad one. */
export function remoteContext<C>(carrier: C, getter?: TextMapGetter<C>): Context {
  return getter ? propagation.extract(ROOT_CONTEXT, carrier, getter) : propagation.extract(ROOT_CONTEXT, carrier);
}

/** Writes the active context's traceparent (and tracestate) into outgoing NATS headers. */
export function injectTraceHeaders(headers: { set(key: string, value: string): void }, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** The active span's traceparent, for a hop that is not a header (an outbox row). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier[TRACEPARENT_HEADER];
}

/** Trace and span id of the active span, for log lines; undefined outside any span. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/**
 * The span of `parent` when its trace is not sampled. With parent-based sampling no child of it is recorded, so a
 * child would only be new ids (a span object, a context and random ids per request, per call and per delivery, for
 * nothing exported): it stands in for the child instead, and its ids go on in the logs and headers. docs/adr/0020.
 */
function unsampledSpan(parent: Context): Span | undefined {
  const span = trace.getSpan(parent);
  return span !== undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0 ? span : undefined;
}

/** True inside a trace that is not sampled, where inSpan and startSpan make no span of their own. */
export function activeSpanUnrecorded(): boolean {
  return unsampledSpan(context.active()) !== undefined;
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** Defaults to the active context; a server span passes the remote caller's. */
  parent?: Context;
}

/** Marks a span failed: only unexpected errors are errors; a domain code (NOT_FOUND…) is an attribute. */
export function recordFailure(span: Span, error: unknown): void {
  const code = outcomeOf(error);
  span.setAttribute('error.type', code);
  if (code === 'INTERNAL' || code === 'SERVICE_UNAVAILABLE') {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : code });
  }
}

/** Starts a span and runs `fn` with it active; the span ends when `fn` settles. */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const unsampled = unsampledSpan(parent);
  if (unsampled) return options.parent ? context.with(parent, () => fn(unsampled)) : fn(unsampled);
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (a request whose end is an event), and the context it is active in. */
export function startSpan(name: string, options: SpanOptions): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const unsampled = unsampledSpan(parent);
  // Ending it (the caller does) is a no-op: it is not recording.
  if (unsampled) return { span: unsampled, context: parent };
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `fn` in `ctx` (a span's context from startSpan). */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

export { SpanKind, SpanStatusCode };

/** Attributes of a span about one NATS subject (the contract's subject, without the namespace). */
export function natsAttributes(subject: string): Attributes {
  return { 'messaging.system': 'nats', 'messaging.destination.name': subject };
}
