import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { normalizeRequestId, requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';
import { METRICS, OUTCOME_OK, outcomeOf } from '../metrics/metrics.js';
import { NATS_HEADER_GETTER, natsAttributes, recordFailure, remoteContext, runInContext, SpanKind, startSpan } from '../tracing/tracing.js';

interface HeaderBag {
  get(key: string): string;
}

/**
 * Runs each NATS handler inside the caller's request context and trace, so its logs carry the gateway's
 * request id and trace id, and times it per subject (nats_handler_duration_seconds).
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nats = context.switchToRpc().getContext<NatsContext>();
    const hdrs = nats.getHeaders() as HeaderBag | undefined;
    const requestId = normalizeRequestId(hdrs?.get(REQUEST_ID_HEADER) || undefined);
    // The subject without its namespace (the first token), so that the label is the contract's subject.
    const subject = nats.getSubject().split('.').slice(1).join('.');
    const done = METRICS.natsHandled.startTimer({ subject });
    // The handler's server span is the child of the caller's client span (traceparent in the headers).
    const { span, context: traced } = startSpan(`process ${subject}`, {
      kind: SpanKind.SERVER,
      parent: remoteContext(hdrs, NATS_HEADER_GETTER),
      attributes: natsAttributes(subject),
    });
    const finish = (error?: unknown) => {
      if (error === undefined) done({ outcome: OUTCOME_OK });
      else {
        done({ outcome: outcomeOf(error) });
        recordFailure(span, error);
      }
      span.end();
    };
    // next.handle() runs the handler up to its first await: it must be called inside the context too.
    return new Observable((subscriber) =>
      runInContext(traced, () =>
        requestContext.run({ requestId }, () =>
          next
            .handle()
            .pipe(tap({ complete: () => finish(), error: (error: unknown) => finish(error) }))
            .subscribe(subscriber),
        ),
      ),
    );
  }
}
