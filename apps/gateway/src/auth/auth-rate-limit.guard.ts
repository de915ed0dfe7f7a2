import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RateLimiter } from '#common';
import { BUDGETS, type BudgetName } from '../limits/budgets.js';

const IP_BUDGET = 'rateLimit:ipBudget';

/** The per-client-IP budget of a credential route (login, register, password: each its own). */
export const IpBudget = (budget: BudgetName): MethodDecorator => SetMetadata(IP_BUDGET, budget);

/** The account name a registration is about, so creating accounts under one name from many IPs is limited too. */
export function registrationName(req: Request): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const name = [body.username, body.email].find((v): v is string => typeof v === 'string');
  return name?.toLowerCase();
}

/**
 * Rate limit for the credential routes, shared by every replica (RateLimiter): per client IP (TRUST_PROXY
 * decides what that is), and per account name for registrations. Login and password attempts per account
 * are counted by auth, which knows that a username and an email name the same account.
 * Over the limit: 429 problem+json with Retry-After.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const budget = this.reflector.get<BudgetName | undefined>(IP_BUDGET, context.getHandler());
    if (budget) await this.limiter.take(budget, req.ip ?? 'unknown');
    const name = budget === BUDGETS.registerIp ? registrationName(req) : undefined;
    if (name) await this.limiter.take(BUDGETS.registerName, name);
    return true;
  }
}
