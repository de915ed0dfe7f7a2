import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientInfo } from '#contracts';

/** The caller's user agent and IP (as resolved with TRUST_PROXY), for the session record. */
export const CurrentClient = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientInfo => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const userAgent = req.headers['user-agent']?.slice(0, 512);
  return { ...(userAgent ? { userAgent } : {}), ...(req.ip ? { ip: req.ip.slice(0, 64) } : {}) };
});
