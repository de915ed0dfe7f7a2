import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { Caller } from '#contracts';
import { RateLimiter } from '#common';
import { BUDGETS, type BudgetName, USER_BUDGET } from './budgets.js';

/**
 * Per-user REST budget, after authentication and before validation or any service call: every write
 * (non-GET) of a signed-in user takes a `write` token, routes marked @UserBudget take theirs (search).
 * Over the limit: 429 RATE_LIMITED with Retry-After (ProblemFilter). Sockets take theirs in RealtimeService.
 */
@Injectable()
export class UserRateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    const marked = this.reflector.get<BudgetName | undefined>(USER_BUDGET, context.getHandler());
    const budget = marked ?? (req.method === 'GET' || req.method === 'HEAD' ? undefined : BUDGETS.write);
    if (budget && req.user?.userId) await this.limiter.take(budget, req.user.userId);
    return next.handle();
  }
}
