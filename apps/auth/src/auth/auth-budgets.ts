import type { RateLimitOptions } from '#common';
import type { AuthEnv } from '../auth.env.js';

/**
 * Per-account budgets, counted here rather than at the gateway: only auth knows that a username and an
 * email name the same account. Shared with every replica through the rate-limit KV bucket.
 */
export const AUTH_BUDGETS = { login: 'login-account', password: 'password-account' } as const;

export function authRateLimits(env: AuthEnv): RateLimitOptions {
  const budget = { limit: env.RATE_LIMIT_AUTH_PER_ACCOUNT, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS };
  return { store: env.RATE_LIMIT_STORE, budgets: { [AUTH_BUDGETS.login]: budget, [AUTH_BUDGETS.password]: budget } };
}
