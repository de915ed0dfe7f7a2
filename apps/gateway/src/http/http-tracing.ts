import type { NextFunction, Request, Response } from 'express';
import { remoteContext, runInContext, SpanKind, SpanStatusCode, startSpan } from '#common';
import { routeOf } from './http-metrics.js';

/**
 * One server span per REST request, the child of the caller's `traceparent` when it sent a valid one (a new
 * trace otherwise). Everything the request does (NATS calls, logs) runs inside it. The span is named by the
 * route template once the router matched it, never by the raw path (ids would make every name unique).
 */
export function httpTracing(req: Request, res: Response, next: NextFunction): void {
  const { span, context } = startSpan(req.method, {
    kind: SpanKind.SERVER,
    parent: remoteContext(req.headers),
    attributes: { 'http.request.method': req.method, 'url.path': req.path },
  });
  res.once('close', () => {
    const route = routeOf(req);
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  runInContext(context, next);
}
