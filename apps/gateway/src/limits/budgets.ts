import { SetMetadata } from '@nestjs/common';
import type { Budget, RateLimitOptions } from '#common';
import type { GatewayEnv } from '../gateway.env.js';

/** The gateway's rate-limit budgets (see RateLimiter): per user for writes, per IP for the credential routes. */
export const BUDGETS = {
  write: 'write',
  sync: 'sync',
  typing: 'typing',
  signal: 'signal',
  search: 'search',
  loginIp: 'login-ip',
  registerIp: 'register-ip',
  passwordIp: 'password-ip',
  registerName: 'register-name',
  verifyEmailIp: 'verify-email-ip',
  forgotPasswordIp: 'forgot-password-ip',
  resetPasswordIp: 'reset-password-ip',
} as const;

export type BudgetName = (typeof BUDGETS)[keyof typeof BUDGETS];

export function gatewayRateLimits(env: GatewayEnv): RateLimitOptions {
  const per = (limit: number): Budget => ({ limit, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS });
  return {
    store: env.RATE_LIMIT_STORE,
    budgets: {
      [BUDGETS.write]: per(env.RATE_LIMIT_WRITES_PER_USER),
      [BUDGETS.sync]: per(env.RATE_LIMIT_SYNC_PER_USER),
      [BUDGETS.typing]: per(env.RATE_LIMIT_TYPING_PER_USER),
      [BUDGETS.signal]: per(env.RATE_LIMIT_SIGNALS_PER_USER),
      [BUDGETS.search]: per(env.RATE_LIMIT_SEARCH_PER_USER),
      [BUDGETS.loginIp]: per(env.RATE_LIMIT_AUTH_PER_IP),
      [BUDGETS.registerIp]: per(env.RATE_LIMIT_AUTH_PER_IP),
      [BUDGETS.passwordIp]: per(env.RATE_LIMIT_AUTH_PER_IP),
      [BUDGETS.registerName]: per(env.RATE_LIMIT_AUTH_PER_ACCOUNT),
      [BUDGETS.verifyEmailIp]: per(env.RATE_LIMIT_AUTH_PER_IP),
      [BUDGETS.forgotPasswordIp]: per(env.RATE_LIMIT_AUTH_PER_IP),
      [BUDGETS.resetPasswordIp]: per(env.RATE_LIMIT_AUTH_PER_IP),
    },
  };
}

export const USER_BUDGET = 'rateLimit:userBudget';

/** A route's per-user budget other than the default (writes: every non-GET; reads: none). */
export const UserBudget = (budget: BudgetName): MethodDecorator => SetMetadata(USER_BUDGET, budget);
