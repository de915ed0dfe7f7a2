import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ErrorCode } from '#contracts';
import { jsonShapeFault, normalizeRequestId, requestContext, REQUEST_ID_HEADER } from '#common';
import type { GatewayEnv } from '../gateway.env.js';
import { httpMetrics } from './http-metrics.js';
import { httpTracing } from './http-tracing.js';
import { problem, PROBLEM_CONTENT_TYPE } from './problem.js';
import { requestIdOf } from './problem.filter.js';

function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Express-level plumbing that runs before Nest's router: request id, trace span, security headers, CORS,
 * a bounded JSON body parser whose failures (413, malformed JSON) are problem+json too.
 */
export function configureHttpPipeline(app: INestApplication, env: GatewayEnv): void {
  const server = app as NestExpressApplication;
  server.set('trust proxy', trustProxy(env.TRUST_PROXY));
  server.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = normalizeRequestId(req.headers[REQUEST_ID_HEADER]);
    (req as Request & { id: string }).id = requestId;
    res.setHeader('X-Request-Id', requestId);
    requestContext.run({ requestId }, () => httpTracing(req, res, next));
  });
  server.use(httpMetrics);
  // helmet's default CSP has upgrade-insecure-requests, which blanks /api/docs over plain HTTP on any host but
  // localhost (compose on a VM, an Ingress without TLS): only HTTPS requests (TRUST_PROXY decides) get it.
  // The web client at `/` talks to this origin only: its API over fetch and its socket over ws(s); avatars are
  // any https image (a user-given URL).
  const directives = { connectSrc: ["'self'", 'ws:', 'wss:'], imgSrc: ["'self'", 'data:', 'https:'] };
  const overHttps = helmet({ contentSecurityPolicy: { directives } });
  const overHttp = helmet({ contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: null } } });
  server.use((req: Request, res: Response, next: NextFunction) => (req.secure ? overHttps : overHttp)(req, res, next));
  server.enableCors({
    origin: env.CORS_ORIGINS === '*' ? true : env.CORS_ORIGINS.split(','),
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
  });
  server.use(express.json({ limit: env.BODY_LIMIT }));
  server.use((error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => {
    if (!error?.type) return next(error);
    const tooLarge = error.type === 'entity.too.large';
    const body = tooLarge
      ? problem(ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds ${env.BODY_LIMIT}`, requestIdOf(req))
      : problem(ErrorCode.VALIDATION_FAILED, 'Request body is not valid JSON', requestIdOf(req));
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).json(body);
  });
  // Before Nest's pipes ever see it: hostile depth would overflow class-transformer's recursion (500, CPU).
  server.use((req: Request, res: Response, next: NextFunction) => {
    const fault = jsonShapeFault(req.body);
    if (!fault) return next();
    const body = problem(ErrorCode.VALIDATION_FAILED, 'Request body is not acceptable', requestIdOf(req), [fault]);
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).json(body);
  });
}
