import { normalizeRequestId, requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import { METRICS, OUTCOME_OK, outcomeOf } from '../metrics/metrics.js';
import { NATS_HEADER_GETTER, natsAttributes, recordFailure, remoteContext, runInContext, SpanKind, startSpan } from '../tracing/tracing.js';

interface HeaderBag {
  get(key: string): string;
}

/** Where one NATS request is handled: run the handler in it, then finish it once with the outcome. */
export interface RpcRequestScope {
  run<T>(fn: () => T): T;
  finish(error?: unknown): void;
}

/**
 * The caller's request context and trace around a NATS handler, so its logs carry the gateway's request id and
 * trace id, and its time per subject (nats_handler_duration_seconds). `subject` is the namespaced subject the
 * request came on.
 */
export function openRpcRequestScope(subject: string, hdrs: HeaderBag | undefined): RpcRequestScope {
  const requestId = normalizeRequestId(hdrs?.get(REQUEST_ID_HEADER) || undefined);
  // The subject without its namespace (the first token), so that the label is the contract's subject.
  const contractSubject = subject.slice(subject.indexOf('.') + 1);
  const done = METRICS.natsHandled.startTimer({ subject: contractSubject });
  // The handler's server span is the child of the caller's client span (traceparent in the headers).
  const { span, context: traced } = startSpan(`process ${contractSubject}`, {
    kind: SpanKind.SERVER,
    parent: remoteContext(hdrs, NATS_HEADER_GETTER),
    attributes: natsAttributes(contractSubject),
  });
  return {
    // The handler runs up to its first await inside run(): the contexts must be entered around the call itself.
    run: (fn) => runInContext(traced, () => requestContext.run({ requestId }, fn)),
    finish: (error) => {
      if (error === undefined) done({ outcome: OUTCOME_OK });
      else {
        done({ outcome: outcomeOf(error) });
        recordFailure(span, error);
      }
      span.end();
    },
  };
}
