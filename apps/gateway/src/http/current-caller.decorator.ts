import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Caller } from '#contracts';

/** The authenticated caller ({ userId, sessionId }) as verified by the JWT guard. */
export const CurrentCaller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Caller => ctx.switchToHttp().getRequest<Request & { user: Caller }>().user,
);
