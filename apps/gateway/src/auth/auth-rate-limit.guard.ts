import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ErrorCode } from '#contracts';
import { DomainError } from '#common';

export const THROTTLE_BY_IP = 'ip';
export const THROTTLE_BY_ACCOUNT = 'account';

/** The account a login/register attempt is about, so guessing one account's password from many IPs is limited too. */
export function accountTracker(req: Request): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const name = [body.login, body.username, body.email].find((v): v is string => typeof v === 'string');
  return name ? `account:${name.toLowerCase()}` : `ip:${req.ip ?? 'unknown'}`;
}

/** Rate limit for the credential routes: 429 problem+json with Retry-After. */
@Injectable()
export class AuthRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many attempts; retry later');
  }
}
