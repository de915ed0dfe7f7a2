import type { NextFunction, Request, Response } from 'express';
import { METRICS } from '#common';

/**
 * REST rate, errors and duration per route template (http_request_duration_seconds). The route is known
 * only once the router matched it, so it is read when the response has been sent; a request no route
 * matched (404, a body refused before routing) counts as `unmatched`, never as its raw path.
 */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const done = METRICS.httpRequests.startTimer();
  res.once('finish', () => {
    done({ method: req.method, route: routeOf(req) ?? 'unmatched', status: String(res.statusCode) });
  });
  next();
}

/** The route template the router matched (`/api/conversations/:id/messages`), once it has; else undefined. */
export function routeOf(req: Request): string | undefined {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  return typeof template === 'string' ? `${req.baseUrl}${template}` : undefined;
}
