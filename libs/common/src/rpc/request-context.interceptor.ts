import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { normalizeRequestId, requestContext, REQUEST_ID_HEADER } from '../context/request-context.js';

interface HeaderBag {
  get(key: string): string;
}

/** Runs each NATS handler inside the caller's request context, so its logs carry the gateway's request id. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nats = context.switchToRpc().getContext<NatsContext>();
    const hdrs = nats.getHeaders() as HeaderBag | undefined;
    const requestId = normalizeRequestId(hdrs?.get(REQUEST_ID_HEADER) || undefined);
    return new Observable((subscriber) => requestContext.run({ requestId }, () => next.handle().subscribe(subscriber)));
  }
}
